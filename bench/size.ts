// One store size, measured in its own process (so RSS is this size's alone): ingest, retrieval vs the raw index
// query, ask and brief latency, memory. Run by bench/run.ts via fork; prints JSON when run directly:
//   node --import tsx --expose-gc bench/size.ts --size 1000 [--store sqlite|postgres] [--pool 4 (PostgreSQL connections)]
// With --store postgres the store is a scratch schema (src/store/postgres/scratch.ts), dropped at the end.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import type { Storage } from '../src/store/repositories.js';
import { ftsQuery, openSqliteStorage } from '../src/store/sqlite/index.js';
import { terms } from '../src/text/tokens.js';
import { corpusNow, CorpusPlan, type QuestionSpec } from './corpus.js';
import { argValue, gc, MemoryWatch, send, summarise, type AskOutcome, type BriefbotResult } from './stats.js';

const argv = process.argv.slice(2);
const size = Number(argValue(argv, 'size') ?? 1000);
const seed = Number(argValue(argv, 'seed') ?? 42);
const askRuns = Number(argValue(argv, 'asks') ?? 200);
const briefRuns = Number(argValue(argv, 'briefs') ?? 30);
const batchSize = Number(argValue(argv, 'batch') ?? 1000);
const backend = argValue(argv, 'store') ?? 'sqlite';
if (backend !== 'sqlite' && backend !== 'postgres') throw new Error(`--store must be sqlite or postgres, got ${backend}`);
const WARMUP_ASKS = 20;
const WARMUP_BRIEFS = 3;
/** Per phase: stop repeating after this long, once the minimum count is reached. */
const PHASE_BUDGET_MS = 120_000;
/** Retrieval and raw index query pairs measured at least (each over all of a question's terms). */
const MIN_RETRIEVAL_PAIRS = 40;

/** Runs fn `runs` times (cycling over inputs), stopping early past the budget once `min` samples exist. */
async function timeRuns<T>(inputs: readonly T[], runs: number, min: number, fn: (input: T) => unknown, watch: MemoryWatch): Promise<number[]> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(inputs[i % inputs.length]!);
    samples.push(performance.now() - t);
    watch.sample();
    if (samples.length >= min && performance.now() - started > PHASE_BUDGET_MS) break;
  }
  return samples;
}

/** The scratch schema's tables and indexes, as PostgreSQL counts them. */
async function postgresBytes(storage: Storage): Promise<number> {
  const { pool } = storage as Storage & { pool: import('pg').Pool };
  const r = await pool.query<{ bytes: string }>(
    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
  );
  return Number(r.rows[0]?.bytes ?? 0);
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const watch = new MemoryWatch();
  const plan = new CorpusPlan({ documents: size, seed, questions: askRuns });
  const questions = plan.questions();
  const topics = plan.topics();
  const now = new Date(corpusNow(plan));
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-bench-'));
  const dbPath = join(dir, 'bench.db');
  const clock = () => now;
  let storage: Storage;
  /** The bare index query the store's search is compared with, on the same terms. */
  let rawRun: (ts: readonly string[]) => unknown;
  if (backend === 'postgres') {
    const { openScratchPostgres } = await import('../src/store/postgres/scratch.js');
    const { rawSearch } = await import('../src/store/postgres/fts.js');
    const pg = await openScratchPostgres({ prefix: 'bench', now: clock, poolMax: Number(argValue(argv, 'pool') ?? 4) });
    storage = pg;
    rawRun = (ts) => rawSearch(pg.pool, ts, 50);
  } else {
    const sqlite = openSqliteStorage(dbPath, clock);
    storage = sqlite;
    const raw = sqlite.db.prepare('SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ? ORDER BY rank LIMIT 50');
    rawRun = (ts) => raw.all(ftsQuery(ts));
  }
  const store = storage.documents;
  // no brief cache: the bench measures making briefs (a repeated request would be served from memory)
  const bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: dbPath, BRIEF_CACHE_SECONDS: '0' } as NodeJS.ProcessEnv), logger: createLogger('silent'), storage, now: () => now });
  try {
    // Ingest: only the store.add calls are timed, not the corpus generation.
    let ingestMs = 0;
    let duplicates = 0;
    for (const batch of plan.batches(batchSize)) {
      const t = performance.now();
      duplicates += (await store.add(batch)).duplicates.length;
      ingestMs += performance.now() - t;
      watch.sample();
    }
    gc();
    const afterIngest = process.memoryUsage().rss;
    const sentences = await store.sentenceCount();

    // Retrieval only: the store's sentence search vs the bare index query on the same index, same terms.
    const termLists = questions.map((q) => terms(q.question)).filter((t) => t.length > 0);
    const retrievalRun = (ts: readonly string[]): unknown => store.searchSentences(ts, 50);
    // (unbudgeted, a search takes seconds at 1M documents: warm-ups and pairs stop at the phase budget once they have
    // their minimum)
    await timeRuns(termLists, WARMUP_ASKS, 5, retrievalRun, watch);
    await timeRuns(termLists, WARMUP_ASKS, 5, rawRun, watch);
    // Interleave the two so neither profits from a warmer cache.
    const retrievalSamples: number[] = [];
    const rawSamples: number[] = [];
    const retrievalStarted = performance.now();
    for (let i = 0; i < 2 * termLists.length; i++) {
      if (i >= MIN_RETRIEVAL_PAIRS && performance.now() - retrievalStarted > PHASE_BUDGET_MS) break;
      const ts = termLists[i % termLists.length]!;
      let t = performance.now();
      await retrievalRun(ts);
      retrievalSamples.push(performance.now() - t);
      t = performance.now();
      await rawRun(ts);
      rawSamples.push(performance.now() - t);
    }

    // Ask: warm-up, then every generated question once.
    await timeRuns(questions, WARMUP_ASKS, WARMUP_ASKS, (q) => bot.answer(q.question).catch(() => undefined), watch);
    const outcome: AskOutcome = { answered: 0, notFound: 0, errors: 0, expectedFound: 0, onTopic: 0, offTopicDeclined: 0, offTopic: 0 };
    const ask = async (q: QuestionSpec): Promise<void> => {
      const onTopic = q.kind !== 'off-topic';
      if (onTopic) outcome.onTopic++;
      else outcome.offTopic++;
      try {
        const a = await bot.answer(q.question);
        if (a.status === 'answered') outcome.answered++;
        else outcome.notFound++;
        if (onTopic && a.status === 'answered' && q.expected && a.text.includes(q.expected)) outcome.expectedFound++;
        if (!onTopic && a.status === 'not_found') outcome.offTopicDeclined++;
      } catch {
        outcome.errors++;
      }
    };
    const askSamples = await timeRuns(questions, askRuns, Math.min(100, askRuns), ask, watch);

    // Brief: no topic, then topics, each after a short warm-up.
    let briefStories = 0;
    const noTopic = async (): Promise<void> => {
      briefStories = (await bot.brief()).stories.length;
    };
    const withTopic = async (topic: string): Promise<void> => {
      await bot.brief({ topic });
    };
    await timeRuns([0], WARMUP_BRIEFS, WARMUP_BRIEFS, noTopic, watch);
    const noTopicSamples = await timeRuns([0], briefRuns, Math.min(10, briefRuns), noTopic, watch);
    await timeRuns(topics, WARMUP_BRIEFS, WARMUP_BRIEFS, withTopic, watch);
    const topicSamples = await timeRuns(topics, briefRuns, Math.min(10, briefRuns), withTopic, watch);

    watch.sample();
    const result: BriefbotResult = {
      kind: 'briefbot',
      store: backend as 'sqlite' | 'postgres',
      size,
      stories: plan.storyCount,
      sentences,
      duplicates,
      ingest: { seconds: ingestMs / 1000, docsPerSec: size / (ingestMs / 1000), batch: batchSize },
      dbBytes: backend === 'postgres' ? await postgresBytes(storage) : fileBytes(dbPath) + fileBytes(`${dbPath}-wal`),
      retrieval: summarise(retrievalSamples),
      rawFts: summarise(rawSamples),
      ask: summarise(askSamples),
      askOutcome: outcome,
      brief: summarise([...noTopicSamples, ...topicSamples]),
      briefNoTopic: summarise(noTopicSamples),
      briefTopic: summarise(topicSamples),
      briefStories,
      rss: { peakSampled: watch.peakSampled, maxRss: watch.highWater(), afterIngest, heapUsed: process.memoryUsage().heapUsed },
      seconds: (performance.now() - began) / 1000,
    };
    await send(result);
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
