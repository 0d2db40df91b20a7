// Rows as both backends store them (the same column names on SQLite and PostgreSQL) and the domain types they map
// to, written once.
import { z } from 'zod';
import { Citation, FeedbackContext, type Document } from '../domain.js';
import type { StoryState } from '../stories/incremental.js';

export interface DocumentRow {
  id: string;
  source: string;
  title: string;
  title_origin: Document['titleOrigin'];
  url: string | null;
  published_at: string | null;
  ingested_at: string;
  text: string;
  lang: string;
  origin: string | null;
  copy_of: string | null;
  story_id: string | null;
}

/** Every column of a document but the near-copy signature, which only the store itself reads. */
export const DOCUMENT_COLUMNS = 'id, source, title, title_origin, url, published_at, ingested_at, text, lang, origin, copy_of, story_id';

export function toDocument(r: DocumentRow): Document {
  return {
    id: r.id,
    source: r.source,
    title: r.title,
    titleOrigin: r.title_origin,
    url: r.url ?? undefined,
    publishedAt: r.published_at ?? undefined,
    ingestedAt: r.ingested_at,
    text: r.text,
    lang: r.lang,
    origin: r.origin ?? undefined,
    copyOf: r.copy_of ?? undefined,
    storyId: r.story_id ?? undefined,
  };
}

/** A story: its centroid as JSON [[term, weight], …], its first and last day (days since the epoch). */
export interface StoryRow {
  id: string;
  first_day: number | null;
  last_day: number | null;
  size: number;
  centroid: string;
}

export const STORY_COLUMNS = 'id, first_day, last_day, size, centroid';

export function toStoryState(r: StoryRow): StoryState {
  return { id: r.id, sum: new Map(JSON.parse(r.centroid) as [string, number][]), firstDay: r.first_day ?? undefined, lastDay: r.last_day ?? undefined, size: r.size };
}

export const FeedbackContextRow = z.object({
  kind: FeedbackContext.shape.kind,
  question: z.string().nullable(),
  answer_text: z.string(),
  citations: z.string(),
});

export const FeedbackRow = FeedbackContextRow.extend({ platform: z.string(), workspace_id: z.string().nullable(), user_id: z.string(), vote: z.enum(['up', 'down']) });

/** A stored feedback context → the domain type; the citations column is JSON, validated on the way out. */
export function toFeedbackContext(r: z.infer<typeof FeedbackContextRow>): FeedbackContext {
  return {
    kind: r.kind,
    ...(r.question === null ? {} : { question: r.question }),
    answerText: r.answer_text,
    citations: z.array(Citation).parse(JSON.parse(r.citations)),
  };
}
