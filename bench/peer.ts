// One peer search library at one store size, in its own process: index build time, query latency, memory.
// Peers index the same unit briefbot indexes (sentences, split by briefbot's own splitter) of the same corpus,
// and answer the same question strings, each with its own tokeniser. Run directly to print JSON:
//   node --import tsx --expose-gc bench/peer.ts --engine minisearch --size 1000
import flexsearch from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { eng } from 'stopword';
import { splitSentences } from '../src/text/sentences.js';
import { CorpusPlan } from './corpus.js';
import { argValue, ENGINES, gc, send, summarise, type EngineName, type PeerResult } from './stats.js';

interface Engine {
  add(id: number, text: string): void;
  /** Finishes the build (lunr builds its inverted index here). */
  finish(): void;
  search(query: string, limit: number): number[];
}

function miniSearch(): Engine {
  // English stop words dropped (MiniSearch's documented processTerm recipe): without it "how", "did", "the" in
  // every question match most sentences and MiniSearch ranks them all, which is minutes per run at 100k.
  const stop = new Set(eng);
  const processTerm = (term: string): string | null => {
    const t = term.toLowerCase();
    return stop.has(t) ? null : t;
  };
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [], processTerm });
  return {
    add: (id, text) => index.add({ id, text }),
    finish: () => undefined,
    // MiniSearch has no limit option: it ranks every match (OR by default), we keep the top `limit`.
    search: (q, limit) => index.search(q).slice(0, limit).map((r) => Number(r.id)),
  };
}

function flexSearch(): Engine {
  const index = new flexsearch.Index({ tokenize: 'strict' });
  return {
    add: (id, text) => void index.add(id, text),
    finish: () => undefined,
    // suggest: true lets results match some of the query terms (OR-like), as briefbot's OR query does.
    search: (q, limit) => index.search(q, { limit, suggest: true }).map(Number),
  };
}

function lunrEngine(): Engine {
  const builder = new lunr.Builder();
  builder.pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
  builder.searchPipeline.add(lunr.stemmer);
  builder.ref('id');
  builder.field('text');
  let index: lunr.Index | undefined;
  return {
    add: (id, text) => builder.add({ id: String(id), text }),
    finish: () => {
      index = builder.build();
    },
    // lunr's query language gives meaning to + - : ^ ~ *; strip punctuation so a question is plain terms (OR-ed).
    search: (q, limit) => {
      if (!index) throw new Error('lunr index not built');
      return index.search(q.replace(/[^\p{L}\p{N}\s]/gu, ' ')).slice(0, limit).map((r) => Number(r.ref));
    },
  };
}

const QUERY_BUDGET_MS = 60_000;

const FACTORIES: Record<EngineName, () => Engine> = { minisearch: miniSearch, flexsearch: flexSearch, lunr: lunrEngine };

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const engine = (argValue(argv, 'engine') ?? 'minisearch') as EngineName;
  if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine}; one of ${ENGINES.join(', ')}`);
  const size = Number(argValue(argv, 'size') ?? 1000);
  const seed = Number(argValue(argv, 'seed') ?? 42);
  const asks = Number(argValue(argv, 'asks') ?? 200);
  const capSeconds = Number(argValue(argv, 'cap') ?? 120);
  const plan = new CorpusPlan({ documents: size, seed, questions: asks });
  const questions = plan.questions().map((q) => q.question);

  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const index = FACTORIES[engine]();
  // Only the engine's add/finish calls are timed (corpus generation and sentence splitting are not).
  let buildMs = 0;
  let sentences = 0;
  const base: PeerResult = { kind: 'peer', engine, size, status: 'ok', sentences: 0, buildSeconds: 0 };
  for (const batch of plan.batches(1000)) {
    for (const doc of batch) {
      const parts = splitSentences(doc.text);
      const t = performance.now();
      for (const s of parts) index.add(sentences++, s);
      buildMs += performance.now() - t;
    }
    if (buildMs > capSeconds * 1000) {
      await send({ ...base, status: 'skipped', note: `skipped: too slow (>${capSeconds} s to index ${sentences} sentences)`, sentences, buildSeconds: buildMs / 1000 });
      return;
    }
  }
  const t = performance.now();
  index.finish();
  buildMs += performance.now() - t;
  if (buildMs > capSeconds * 1000) {
    await send({ ...base, status: 'skipped', note: `skipped: too slow (>${capSeconds} s build)`, sentences, buildSeconds: buildMs / 1000 });
    return;
  }
  gc();
  const heapDelta = process.memoryUsage().heapUsed - heap0;
  const rssDelta = process.memoryUsage().rss - rss0;

  for (let i = 0; i < 20; i++) index.search(questions[i % questions.length]!, 50);
  // Every question twice, like briefbot's retrieval; past the budget, stop once 100 samples exist.
  const samples: number[] = [];
  const queryStart = performance.now();
  for (let i = 0; i < questions.length * 2; i++) {
    const s = performance.now();
    index.search(questions[i % questions.length]!, 50);
    samples.push(performance.now() - s);
    if (samples.length >= 100 && performance.now() - queryStart > QUERY_BUDGET_MS) break;
  }
  await send({
    ...base,
    sentences,
    buildSeconds: buildMs / 1000,
    query: summarise(samples),
    heapDelta,
    rssDelta,
    maxRss: process.resourceUsage().maxRSS * 1024,
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
