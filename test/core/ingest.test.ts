import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readArticles } from '../../src/ingest/files.js';
import { testApp, testBot } from '../helpers/bot.js';

const dirs: string[] = [];
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-ingest-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const ARTICLE = 'Ministers met in Geneva on Monday to discuss a new trade agreement. The talks lasted six hours.';

describe('reading article files', () => {
  it('derives the seeds’ metadata honestly: stated source, heading title, dateline; file name and unknown date otherwise', () => {
    const { documents, warnings } = readArticles(['seeds']);
    expect(warnings).toEqual([]);
    const oc = documents.find((d) => d.source === 'OC Media')!;
    expect(oc.title).toBe('POWs, the economy, and vaccines discussed as Pashinyan meets Putin');
    expect(oc.titleOrigin).toBe('heading');
    expect(oc.publishedAt).toBe('2021-04-08');
    expect(oc.text).not.toMatch(/Become an OC Media Member|Join today|Become a member|Official photo/);
    expect(oc.text.startsWith('Prime Minister Nikol Pashinyan and President Vladimir Putin have met')).toBe(true);
    const second = documents.find((d) => d.source !== 'OC Media')!;
    expect(second.source).toBe('002_ea08fb494fe980f6');
    expect(second.titleOrigin).toBe('first-sentence');
    expect(second.title).toMatch(/^Russian President Vladimir Putin met with Armenian Prime Minister/);
    expect(second.publishedAt).toBeUndefined();
  });

  it('skips binary, empty, non-UTF-8 and unknown files with one warning each, and ingests the rest', () => {
    const dir = folder({
      'good.txt': ARTICLE,
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'binary.txt': Buffer.from([0x41, 0x00, 0x42, 0x43]),
      'empty.md': '',
      'latin1.txt': Buffer.from('Caf\xe9 au lait, na\xefve r\xe9sum\xe9.', 'latin1'),
      'bad.json': '{ "title": ',
      'noarticle.json': '{ "title": "no text" }',
    });
    const { documents, warnings } = readArticles([dir]);
    expect(documents.map((d) => d.source)).toEqual(['good']);
    const reasons = Object.fromEntries(warnings.map((w) => [w.file.split('/').pop(), w.reason]));
    expect(reasons['binary.txt']).toBe('binary file');
    expect(reasons['empty.md']).toBe('empty file');
    expect(reasons['latin1.txt']).toBe('not UTF-8 text');
    expect(reasons['image.png']).toMatch(/not an article file/);
    expect(reasons['bad.json']).toMatch(/not valid JSON/);
    expect(reasons['noarticle.json']).toMatch(/needs "text"/);
  });

  it('reads Markdown front matter, JSON arrays and HTML without its scripts', () => {
    const dir = folder({
      'a.md': `---\ntitle: Geneva talks\nsource: Wire\ndate: 2024-05-06\nurl: https://example.com/geneva\n---\n# Geneva talks\n\n${ARTICLE}`,
      'b.json': JSON.stringify([{ title: 'Harbour reopens', text: 'The harbour reopened on Tuesday after repairs. Ferries resumed service.', source: 'Coast News', publishedAt: '2024-05-07' }]),
      'c.html': `<html><head><title>Storm warning issued</title><meta property="og:site_name" content="Weather Daily"><script>alert("x"); var secret = 1;</script></head>
        <body><nav>Home | World</nav><article><h1>Storm warning issued</h1><p>Forecasters issued a storm warning for the coast on Wednesday, citing winds of 120 km/h.</p><p>Schools will close early and ferries are cancelled until further notice, officials said.</p><script>document.write("injected")</script></article></body></html>`,
    });
    const { documents, warnings } = readArticles([dir]);
    expect(warnings).toEqual([]);
    const [md, json, html] = documents;
    expect(md).toMatchObject({ title: 'Geneva talks', source: 'Wire', publishedAt: '2024-05-06', url: 'https://example.com/geneva', titleOrigin: 'metadata' });
    expect(md!.text).toBe(ARTICLE);
    expect(json).toMatchObject({ title: 'Harbour reopens', source: 'Coast News', publishedAt: '2024-05-07' });
    expect(html!.source).toBe('Weather Daily');
    expect(html!.text).toMatch(/storm warning for the coast/);
    expect(html!.text).not.toMatch(/alert|secret|injected|document\.write/);
  });
});

describe('ingest through the app', () => {
  it('is idempotent: seeding twice stores each article once', async () => {
    const bot = await testBot();
    expect(await bot.documentCount()).toBe(2);
    const again = await bot.ingest(['seeds']);
    expect(again).toMatchObject({ added: 0, duplicates: 2 });
    expect(await bot.documentCount()).toBe(2);
    await bot.close();
  });
});

describe('article text that looks like a ping', () => {
  it('is stored verbatim, so renderers can escape it (and quotes match the article)', async () => {
    const { bot, storage } = await testApp({ seeds: [] });
    const dir = folder({ 'ping.txt': 'Attention <!channel> and @everyone: the council met <@U123> on Monday. The vote passed by 7 to 2.' });
    await bot.ingest([dir]);
    const [doc] = await storage.documents.recent({ limit: 1 });
    expect((await storage.documents.sentences(doc!.id))[0]!.text).toBe('Attention <!channel> and @everyone: the council met <@U123> on Monday.');
    await bot.close();
  });
});
