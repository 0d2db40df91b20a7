// The evaluation data's formats (see ../shared/eval/README.md), validated with zod on load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ClusterDocument = z.object({
  title: z.string(),
  text: z.string(),
  date: z.string().optional(),
  source_id: z.string().optional(),
});
export type ClusterDocument = z.infer<typeof ClusterDocument>;

export const Cluster = z.object({
  id: z.string().min(1),
  source: z.string(),
  documents: z.array(ClusterDocument).min(1),
  references: z.array(z.string().min(1)).min(1),
});
export type Cluster = z.infer<typeof Cluster>;

export const QaItem = z
  .object({
    id: z.string().min(1),
    squad_id: z.string(),
    context: z.string().min(1),
    question: z.string().min(1),
    answers: z.array(z.string()),
    is_impossible: z.boolean(),
  })
  .refine((q) => q.is_impossible || q.answers.length > 0, { message: 'an answerable question needs at least one gold answer' });
export type QaItem = z.infer<typeof QaItem>;

export const SUMMARIES_FILE = 'summarisation-dev.json';
export const QA_FILE = 'qa-dev.json';
export const NEWS_QA_FILE = 'news-qa-dev.json';
export const NEWS_META_FILE = 'news-qa-dev-meta.json';

/** news-qa-dev-meta.json: each news question's type and tags (NEWS-QA.md). */
export const NewsMeta = z.object({
  id: z.string().min(1),
  type: z.enum(['answerable', 'unanswerable_near_miss', 'unanswerable_off_topic']),
  tags: z.array(z.string()),
});
export type NewsMeta = z.infer<typeof NewsMeta>;

function loadJson<T>(path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path} does not match the expected format:\n  ${first.join('\n  ')}`);
  }
  return parsed.data;
}

export function loadClusters(dataDir: string): Cluster[] {
  return loadJson(join(dataDir, SUMMARIES_FILE), z.array(Cluster));
}

export function loadQa(dataDir: string): QaItem[] {
  return loadJson(join(dataDir, QA_FILE), z.array(QaItem));
}

/** The news questions and their meta, checked to describe the same items. */
export function loadNewsQa(dataDir: string): { items: QaItem[]; meta: Map<string, NewsMeta> } {
  const items = loadJson(join(dataDir, NEWS_QA_FILE), z.array(QaItem));
  const meta = new Map(loadJson(join(dataDir, NEWS_META_FILE), z.array(NewsMeta)).map((m) => [m.id, m]));
  const missing = items.filter((q) => !meta.has(q.id)).map((q) => q.id);
  if (missing.length) throw new Error(`${NEWS_META_FILE} has no entry for ${missing.slice(0, 5).join(', ')}`);
  return { items, meta };
}
