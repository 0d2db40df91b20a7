// The store a load run starts from: N synthetic articles (bench/corpus.ts), built once into
// bench/.cache/load-<N>-<seed>.db and copied for each run (a run writes to its copy: the inbox, handled events).
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { CorpusPlan, corpusNow, type QuestionSpec } from '../corpus.js';

const CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache');

export interface LoadStore {
  /** The copy this run uses. */
  path: string;
  questions: QuestionSpec[];
  topics: string[];
}

export async function prepareStore(documents: number, seed: number, runDir: string, log: (line: string) => void): Promise<LoadStore> {
  const plan = new CorpusPlan({ documents, seed });
  const cached = join(CACHE, `load-${documents}-${seed}.db`);
  if (!existsSync(cached)) {
    mkdirSync(CACHE, { recursive: true });
    const building = `${cached}.building`;
    rmSync(building, { force: true });
    const now = new Date(corpusNow(plan));
    const storage = openSqliteStorage(building, () => now);
    const started = performance.now();
    let stored = 0;
    for (const batch of plan.batches(1000)) {
      stored += (await storage.documents.add(batch)).added.length;
      if (stored % 10_000 < 1000) log(`  building the store: ${stored.toLocaleString('en-US')} of ${documents.toLocaleString('en-US')} articles`);
    }
    await storage.close();
    renameSync(building, cached);
    log(`  built ${cached} in ${((performance.now() - started) / 1000).toFixed(0)} s (kept for the next runs)`);
  }
  const path = join(runDir, 'load.db');
  copyFileSync(cached, path);
  return { path, questions: plan.questions().filter((q) => q.kind !== 'off-topic'), topics: plan.topics() };
}
