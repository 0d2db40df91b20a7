// The bot under evaluation: a fresh in-memory app per run, documents added through its store.
import { createApp, type BriefBot } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Brief, NewDocument } from '../src/domain.js';
import { buildArticle } from '../src/ingest/article.js';
import type { ChatModel } from '../src/llm/client.js';
import { createLogger } from '../src/log.js';
import type { DocumentStore } from '../src/store/port.js';
import type { Storage } from '../src/store/repositories.js';
import { openSqliteStorage } from '../src/store/sqlite/index.js';

/** The app under evaluation, with its document store at hand (documents are added there, and ranked directly). */
export interface EvalBot {
  bot: BriefBot;
  store: DocumentStore;
  config: Config;
}

/** The backend the bots of this run store their documents in (`npm run eval -- --store postgres`). */
export type EvalStore = 'sqlite' | 'postgres';
let backend: EvalStore = 'sqlite';
const opened: Storage[] = [];

export function useStore(store: EvalStore): void {
  backend = store;
}

/**
 * `now`: the app's and the store's clock (ingestion times, a brief's date); the real clock by default. `model`: a
 * language model for answers (`npm run eval -- --llm`); none by default, whatever the environment says. The store is
 * a new one (SQLite in memory, or a PostgreSQL schema of its own): closeBots() closes them all.
 */
export async function freshBot(now?: () => Date, model?: ChatModel): Promise<EvalBot> {
  const config = loadConfig({ BRIEFBOT_DB: ':memory:' } as NodeJS.ProcessEnv);
  let storage: Storage;
  if (backend === 'postgres') {
    const { openScratchPostgres } = await import('../src/store/postgres/scratch.js');
    storage = await openScratchPostgres({ prefix: 'eval', ...(now ? { now } : {}) });
  } else storage = openSqliteStorage(config.BRIEFBOT_DB, now);
  opened.push(storage);
  return { bot: await createApp({ config, logger: createLogger('silent'), storage, now, ...(model ? { model } : {}) }), store: storage.documents, config };
}

/** Closes every store freshBot opened (a PostgreSQL one drops its schema). */
export async function closeBots(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
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
