// The bot under evaluation: a fresh in-memory app per run, documents added through its store.
import { createApp, type BriefBot } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Brief, NewDocument } from '../src/domain.js';
import { buildArticle } from '../src/ingest/article.js';
import type { ChatModel } from '../src/llm/client.js';
import { createLogger } from '../src/log.js';
import type { DocumentStore } from '../src/store/port.js';
import { openSqliteStorage } from '../src/store/sqlite/index.js';

/** The app under evaluation, with its document store at hand (documents are added there, and ranked directly). */
export interface EvalBot {
  bot: BriefBot;
  store: DocumentStore;
  config: Config;
}

/**
 * `now`: the app's and the store's clock (ingestion times, a brief's date); the real clock by default. `model`: a
 * language model for answers (`npm run eval -- --llm`); none by default, whatever the environment says.
 */
export function freshBot(now?: () => Date, model?: ChatModel): EvalBot {
  const config = loadConfig({ BRIEFBOT_DB: ':memory:' } as NodeJS.ProcessEnv);
  const storage = openSqliteStorage(config.BRIEFBOT_DB, now);
  return { bot: createApp({ config, logger: createLogger('silent'), storage, now, ...(model ? { model } : {}) }), store: storage.documents, config };
}

export interface RawArticle {
  text: string;
  title?: string;
  date?: string;
  source: string;
}

/** buildArticle on each input (empty titles left for it to derive); inputs it rejects are reported, not dropped silently. */
export function toDocuments(raws: readonly RawArticle[]): { documents: { index: number; doc: NewDocument }[]; rejected: { index: number; reason: string }[] } {
  const documents: { index: number; doc: NewDocument }[] = [];
  const rejected: { index: number; reason: string }[] = [];
  raws.forEach((r, index) => {
    try {
      const title = r.title?.trim() ? r.title.trim() : undefined;
      const doc = buildArticle(r.text, { title, publishedAt: r.date?.trim() || undefined, source: r.source }, r.source);
      documents.push({ index, doc });
    } catch (err) {
      rejected.push({ index, reason: err instanceof Error ? err.message : String(err) });
    }
  });
  return { documents, rejected };
}

/** A brief as plain text: every story's key points in order, then agreement/difference points not already included. */
export function briefText(brief: Brief): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const push = (text: string): void => {
    const key = text.replace(/\s+/g, ' ').trim();
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push(key);
  };
  for (const story of brief.stories) for (const p of story.keyPoints) push(p.text);
  for (const story of brief.stories) {
    for (const p of story.agreement) push(p.text);
    for (const p of story.differences) push(p.text);
  }
  return out.join(' ');
}
