// Article file formats: plain text and Markdown (optional YAML front matter), HTML (readability), JSON.
import { Readability } from '@mozilla/readability';
import matter from 'gray-matter';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import type { ArticleMetadata } from './article.js';

export interface RawArticle {
  text: string;
  meta: ArticleMetadata;
}

const dateLike = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);

export const MetadataSchema = z.object({
  title: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  url: z.string().url().optional(),
  publishedAt: dateLike.optional(),
  date: dateLike.optional(),
});

function toMeta(m: z.infer<typeof MetadataSchema>): ArticleMetadata {
  return { title: m.title, source: m.source, url: m.url, publishedAt: m.publishedAt ?? m.date };
}

export function parseText(content: string): RawArticle {
  if (!/^\uFEFF?---\s*\n/.test(content)) return { text: content, meta: {} };
  const fm = matter(content.replace(/^\uFEFF/, ''));
  const meta = MetadataSchema.safeParse(fm.data);
  if (!meta.success) throw new Error(`bad front matter: ${meta.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return { text: fm.content, meta: toMeta(meta.data) };
}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';

export function parseHtml(html: string): RawArticle {
  const { document } = parseHTML(html);
  const meta = (name: string): string | undefined =>
    document.querySelector(`meta[property="${name}"], meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  const published = meta('article:published_time') ?? meta('date') ?? document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  const article = new Readability(document as unknown as Document).parse();
  // Readability drops scripts, styles and navigation; rebuild paragraphs from its cleaned HTML.
  let text = '';
  if (article?.content) {
    const { document: body } = parseHTML(`<html><body>${article.content}</body></html>`);
    text = [...body.querySelectorAll(BLOCKS)].map((el) => el.textContent?.trim() ?? '').filter(Boolean).join('\n\n');
    if (!text) text = article.textContent ?? '';
  }
  let url: string | undefined;
  try {
    url = canonical && /^https?:/i.test(canonical) ? new URL(canonical).toString() : undefined;
  } catch {
    url = undefined;
  }
  return {
    text,
    meta: {
      title: article?.title?.trim() || meta('og:title'),
      source: meta('og:site_name') ?? article?.siteName ?? undefined,
      url,
      publishedAt: published,
    },
  };
}

const JsonArticle = MetadataSchema.extend({
  text: z.string().optional(),
  content: z.string().optional(),
  body: z.string().optional(),
}).refine((a) => (a.text ?? a.content ?? a.body)?.trim(), { message: 'an article needs "text" (or "content"/"body")' });

export function parseJson(content: string): RawArticle[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (e) {
    throw new Error(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = z.union([JsonArticle, z.array(JsonArticle)]).safeParse(data);
  if (!parsed.success) throw new Error(`not an article: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'root'} ${i.message}`).join('; ')}`);
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return list.map((a) => ({ text: (a.text ?? a.content ?? a.body)!, meta: toMeta(a) }));
}
