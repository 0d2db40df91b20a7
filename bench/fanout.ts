// Digest fan-out on PostgreSQL: `--subscriptions` channels due at the same minute, delivered by `--replicas` bot
// processes sharing one database (each claims what it sends: src/store/postgres/digest-ledger.ts). Measures the time
// from the start signal until every replica is done, and checks that each channel got exactly one digest.
//   node --import tsx bench/fanout.ts --subscriptions 10000 --replicas 3
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listArticleFiles, readArticleFiles } from '../src/ingest/files.js';
import { openScratchPostgres } from '../src/store/postgres/scratch.js';
import { argValue, send, type FanoutResult } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const subscriptions = Number(argValue(argv, 'subscriptions') ?? 10_000);
const replicas = Number(argValue(argv, 'replicas') ?? 3);
const postMs = Number(argValue(argv, 'post-ms') ?? 5);
const now = new Date('2026-06-01T08:00:30.000Z');

const storage = await openScratchPostgres({ prefix: 'fanout', now: () => new Date('2026-06-01T07:00:00.000Z') });
try {
  // the seeds as the day's news, so that every digest is composed and posted (not skipped as empty)
  await storage.documents.add(readArticleFiles(listArticleFiles([join(here, '..', 'seeds')]).files).documents);
  const made = new Date('2026-05-31T00:00:00.000Z');
  for (let i = 0; i < subscriptions; i++) {
    await storage.subscriptions.upsert({ platform: 'slack', channelId: `C${i}`, timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'config' }, made);
  }
  const children = Array.from({ length: replicas }, (_, i) => fork(join(here, 'fanout-replica.ts'), [
    '--url', storage.url, '--schema', storage.schema, '--owner', `replica-${i + 1}`, '--now', now.toISOString(), '--post-ms', String(postMs),
  ], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  // give them time to start (module loading is not what is measured), then start them together
  await new Promise((r) => setTimeout(r, 8000));
  const done = children.map((c) => new Promise<{ owner: string; posted: string[] }>((resolve, reject) => {
    c.once('message', (m) => resolve(m as { owner: string; posted: string[] }));
    c.once('exit', (code) => reject(new Error(`a replica exited (${code}) without a result`)));
  }));
  const t0 = performance.now();
  for (const c of children) c.send('go');
  const results = await Promise.all(done);
  const seconds = (performance.now() - t0) / 1000;
  const counts = new Map<string, number>();
  for (const r of results) for (const ch of r.posted) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const result: FanoutResult = {
    kind: 'fanout',
    subscriptions,
    replicas,
    postMs,
    seconds,
    perReplica: results.map((r) => r.posted.length),
    duplicates: [...counts.values()].filter((n) => n > 1).length,
    missed: subscriptions - counts.size,
  };
  await send(result);
} finally {
  await storage.close();
}
