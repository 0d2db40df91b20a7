// Article file formats: plain text and Markdown (optional YAML front matter), HTML (readability), JSON;
// and the HTML path shared with feeds (a fetched page, a feed item's full text).
import { Readability } from '@mozilla/readability';
import matter from 'gray-matter';
import { parseHTML } from 'linkedom';
import { z } from 'zod';
import type { ArticleMetadata } from './article.js';
import { htmlToText, nodeToParagraphs } from './html-text.js';
import { absoluteHttpUrl } from '../text/urls.js';
import { jsonLdDatePublished } from './jsonld.js';

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

/** Readability's cleaned article HTML as paragraphs of text (it drops scripts, styles and navigation). */
function readable(document: ReturnType<typeof parseHTML>['document']): { text: string; title?: string; siteName?: string } {
  const article = new Readability(document as unknown as Document).parse();
  if (!article?.content) return { text: '' };
  const { document: body } = parseHTML(`<!doctype html><html><head></head><body>${article.content}</body></html>`);
  const text = nodeToParagraphs(body.body as unknown as Parameters<typeof nodeToParagraphs>[0]).join('\n\n');
  return { text, title: article.title?.trim() || undefined, siteName: article.siteName?.trim() || undefined };
}

/**
 * An HTML page as article text and metadata: Readability for the text; title, outlet, canonical URL and
 * publication date from meta tags, JSON-LD and <time datetime>. `baseUrl` (the page's own URL) lets a
 * relative canonical link resolve.
 */
export function parseHtml(html: string, baseUrl?: string): RawArticle {
  const { document } = parseHTML(html);
  const meta = (name: string): string | undefined =>
    document.querySelector(`meta[property="${name}"], meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || meta('og:url');
  // read before Readability runs: it removes the scripts that carry JSON-LD
  const jsonLd = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent ?? '');
  const published =
    meta('article:published_time') ??
    meta('date') ??
    jsonLdDatePublished(jsonLd) ??
    (document.querySelector('time[datetime]')?.getAttribute('datetime')?.trim() || undefined);
  const ogTitle = meta('og:title');
  const siteName = meta('og:site_name');
  const article = readable(document);
  return {
    text: article.text,
    meta: {
      title: article.title ?? ogTitle,
      source: siteName ?? article.siteName,
      url: absoluteHttpUrl(canonical, baseUrl), // the canonical link, against the page's own URL when known
      publishedAt: published,
    },
  };
}

/**
 * The text of an article body that arrives as HTML without its page (a feed item's full text): cleaned
 * by Readability as pages are; when Readability finds no article in it, its visible text as it is.
 * Scripts, styles, iframes and embedded objects never reach the text.
 */
export function articleHtmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><head><title></title></head><body><article>${html}</article></body></html>`);
  return readable(document).text || htmlToText(html);
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
