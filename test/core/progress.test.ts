// Progress: what the core reports (ingest in batches, pollAll per source) and how the CLI shows it on stderr.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type BriefBot } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { Progress } from '../../src/progress.js';
import { progressLine, progressView } from '../../src/progress-view.js';
import type { FetchedText } from '../../src/sources/fetcher.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { testBot } from '../helpers/bot.js';
import { articleHtml, rss } from '../sources/feed-server.js';

let bot: BriefBot | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await bot?.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function folder(n: number, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-progress-'));
  dirs.push(dir);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `${String(i).padStart(3, '0')}.txt`), `Bulletin ${i}: the ferry number ${i} left the quay on time.`);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('bot.ingest onProgress', () => {
  it('counts files done out of all listed, and documents stored, after each batch', async () => {
    bot = await testBot({}, false);
    const dir = folder(23, { '900.txt': 'Bulletin 0: the ferry number 0 left the quay on time.', '901.md': '', 'notes.pdf': 'x' });
    const seen: Progress[] = [];
    const report = await bot.ingest([dir], { batchSize: 10, onProgress: (p) => seen.push(p) });
    // 25 article files (the .pdf is a warning at listing); 900.txt repeats 000.txt; 901.md is empty
    expect(seen).toEqual([
      { done: 0, total: 25, added: 0 },
      { done: 10, total: 25, added: 10 },
      { done: 20, total: 25, added: 20 },
      { done: 25, total: 25, added: 23 },
    ]);
    expect(report).toMatchObject({ added: 23, duplicates: 1 });
    expect(report.warnings.map((w) => w.file.split('/').pop())).toEqual(['notes.pdf', '901.md']);
    expect(await bot.documentCount()).toBe(23);
  });

  it('reports 0 of 0 for nothing to read, and ingest without a callback is unchanged', async () => {
    bot = await testBot({}, false);
    const seen: Progress[] = [];
    expect(await bot.ingest([], { onProgress: (p) => seen.push(p) })).toEqual({ added: 0, duplicates: 0, warnings: [] });
    expect(seen).toEqual([{ done: 0, total: 0, added: 0 }]);
    expect((await bot.ingest([folder(3)])).added).toBe(3);
  });
});

describe('bot.sources.pollAll onProgress', () => {
  it('counts sources polled and documents stored, once per source, failures included', async () => {
    const article = (t: string) => articleHtml(Array(4).fill(`The harbour of Port Ellen reopened on Tuesday after repairs, ${t} said.`));
    const feeds: Record<string, string> = {
      'https://a.example/feed': rss('A', [{ guid: 'a1', title: 'One', content: article('one') }, { guid: 'a2', title: 'Two', content: article('two') }]),
      'https://b.example/feed': rss('B', [{ guid: 'b1', title: 'Three', content: article('three') }]),
    };
    let broken = false;
    const fetch = async (url: string): Promise<FetchedText> => {
      if (broken && url.startsWith('https://b.')) throw new Error('connection reset');
      return { url, status: 200, notModified: false, contentType: 'application/rss+xml', text: feeds[url] ?? '' };
    };
    bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: ':memory:' }), logger: createLogger('silent'), storage: openSqliteStorage(':memory:'), fetch });
    await bot.sources.importOpml([{ url: 'https://a.example/feed' }, { url: 'https://b.example/feed' }]);
    const seen: Progress[] = [];
    await bot.sources.pollAll({ onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ done: 0, total: 2, added: 0 });
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2]);
    expect(seen.at(-1)).toEqual({ done: 2, total: 2, added: 3 });
    broken = true;
    seen.length = 0;
    await bot.sources.pollAll({ onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ done: 2, total: 2, added: 0 });
  });
});

/** A stream that keeps what is written; `isTTY` as given. */
function sink(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({ write: (c, _e, done) => void (chunks.push(String(c)), done()) }) as Writable & { isTTY: boolean; text: () => string; columns: number };
  s.isTTY = isTTY;
  s.columns = 120;
  s.text = () => chunks.join('');
  return s;
}

describe('progressView (the CLI on stderr)', () => {
  it('not a TTY: a plain line at most every `everyMs`, and the last one when it printed any', () => {
    let t = 0;
    const out = sink(false);
    const view = progressView('ingest', { unit: 'files', everyMs: 5000, stream: out, now: () => t });
    for (const [at, done] of [[0, 0], [1000, 100], [5000, 500], [6000, 600], [9000, 900], [10_500, 1000]] as const) {
      t = at;
      view.update({ done, total: 1000, added: done - 10 });
    }
    view.stop();
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      'ingest: 500/1000 files (50%), 490 stored, 100/s, ETA 5.0 s',
      'ingest: 1000/1000 files (100%), 990 stored, 95/s, done in 11 s',
    ]);
  });

  it('not a TTY: a short run prints nothing; everyMs 0 prints every update; disabled prints nothing', () => {
    const quiet = sink(false);
    const short = progressView('ingest', { unit: 'files', everyMs: 5000, stream: quiet, now: () => 0 });
    short.update({ done: 3, total: 3, added: 3 });
    short.stop();
    const every = sink(false);
    let t = 0;
    const all = progressView('sources poll', { unit: 'sources', everyMs: 0, stream: every, now: () => t });
    all.update({ done: 0, total: 2, added: 0 });
    t = 2000;
    all.update({ done: 2, total: 2, added: 7 });
    all.stop();
    const off = sink(false);
    const none = progressView('ingest', { unit: 'files', everyMs: 0, stream: off, enabled: false });
    none.update({ done: 1, total: 1, added: 1 });
    none.stop();
    expect(quiet.text()).toBe('');
    expect(every.text()).toBe('sources poll: 0/2 sources (0%), 0 stored, 0.0/s, ETA ?\nsources poll: 2/2 sources (100%), 7 stored, 1.0/s, done in 2.0 s\n');
    expect(off.text()).toBe('');
  });

  it('a TTY: a bar with count, stored and ETA, cleared when done', () => {
    const out = sink(true);
    const view = progressView('ingest', { unit: 'files', everyMs: 5000, stream: out });
    view.update({ done: 0, total: 40, added: 0 });
    view.update({ done: 10, total: 40, added: 9 });
    view.stop();
    expect(out.text()).toMatch(/ingest \[[█░]+\] 0\/40 files \| 0 stored \| [\d.]+\/s \| ETA/);
    expect(out.text()).toMatch(/10\/40 files \| 9 stored/);
    expect(out.text()).toMatch(/\x1b\[2K|\x1b\[0K|\x1b\[K/); // the line is cleared at the end
  });

  it('progressLine: rate and ETA from the elapsed time', () => {
    expect(progressLine('ingest', 'files', { done: 1200, total: 5000, added: 1150 }, 5000)).toBe('ingest: 1200/5000 files (24%), 1150 stored, 240/s, ETA 16 s');
    expect(progressLine('x', 'files', { done: 0, total: 10, added: 0 }, 0)).toBe('x: 0/10 files (0%), 0 stored, 0.0/s, ETA ?');
    expect(progressLine('x', 'files', { done: 5, total: 10, added: 5 }, 3_000_000)).toBe('x: 5/10 files (50%), 5 stored, 0.0/s, ETA 50 min 0 s');
  });
});
