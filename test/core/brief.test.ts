import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { Brief, type Document, type KeyPoint, type NewDocument } from '../../src/domain.js';
import { briefToText } from '../../src/render/text.js';
import { briefOfDocuments, outletCredits } from '../../src/summarise/brief.js';
import { HARVEST, MOSCOW_C } from '../fixtures/stories.js';
import { COPY_A, COPY_B, OWN } from '../fixtures/wire.js';
import { testApp, testBot } from '../helpers/bot.js';

const OC = 'OC Media';
const SECOND = '002_ea08fb494fe980f6';
let bot: BriefBot;
afterEach(() => bot?.close());

function sourcesOf(p: KeyPoint): string[] {
  return [...new Set(p.citations.map((c) => c.source))].sort();
}

describe('brief on the seeds', () => {
  it('is one story drawing on both articles', async () => {
    bot = await testBot();
    const brief = Brief.parse(await bot.brief());
    expect(brief.method).toBe('extractive');
    expect(brief.stories).toHaveLength(1);
    const story = brief.stories[0]!;
    expect(story.documents.map((d) => d.source).sort()).toEqual([SECOND, OC]);
    expect(story.headline).toBe('POWs, the economy, and vaccines discussed as Pashinyan meets Putin');
    expect(story.keyPoints.length).toBeGreaterThanOrEqual(3);
    expect(story.keyPoints.length).toBeLessThanOrEqual(6);
  });

  it('keeps the story\'s id as more articles on it arrive, and gives a new event a story of its own', async () => {
    const app = await testApp();
    bot = app.bot;
    const before = (await bot.brief()).stories[0]!;
    await app.storage.documents.add([MOSCOW_C, HARVEST]);
    const after = await bot.brief();
    const moscow = after.stories.find((s) => s.id === before.id);
    expect(moscow?.documents.map((d) => d.source)).toContain('TASS');
    expect(after.stories).toHaveLength(2);
    expect(after.stories.find((s) => s.id !== before.id)?.documents.map((d) => d.source)).toEqual(['Farm Weekly']);
    // a topic's brief names the same story
    expect((await bot.brief({ topic: 'Kremlin' })).stories.map((s) => s.id)).toEqual([before.id]);
  });

  it('cites both outlets for the points both report: prisoners of war, Sputnik V, the elections', async () => {
    const app = await testApp();
    bot = app.bot;
    const story = (await bot.brief()).stories[0]!;
    for (const topic of [/prisoners of war/i, /Sputnik V/, /elections/]) {
      const point = story.keyPoints.find((p) => p.citations.some((c) => topic.test(c.quote)));
      expect(point, String(topic)).toBeDefined();
      expect(sourcesOf(point!)).toEqual([SECOND, OC].sort());
      expect(point!.onlyIn).toBeUndefined();
      // each citation quotes a sentence of its own article
      for (const c of point!.citations) expect((await app.storage.documents.get(c.documentId))!.text).toContain(c.quote);
    }
    expect(story.agreement.every((p) => sourcesOf(p).length === 2)).toBe(true);
  });

  it('marks single-outlet points and names the outlet', async () => {
    const app = await testApp();
    bot = app.bot;
    const story = (await bot.brief()).stories[0]!;
    expect(story.differences.length).toBeGreaterThan(0);
    for (const p of [...story.differences, ...story.keyPoints.filter((k) => k.onlyIn)]) {
      expect(sourcesOf(p)).toEqual([p.onlyIn]);
    }
    expect(new Set(story.differences.map((p) => p.onlyIn))).toEqual(new Set([OC, SECOND]));
  });

  it('never shows the membership appeal or the photo credit', async () => {
    bot = await testBot();
    const json = JSON.stringify(await bot.brief());
    expect(json).not.toMatch(/Become (an OC Media )?Member|Join today|Official photo/i);
  });

  it('with a topic keeps to it, and says plainly when the store has nothing about it', async () => {
    bot = await testBot();
    const vaccine = await bot.brief({ topic: 'vaccine' });
    expect(vaccine.stories).toHaveLength(1);
    expect(vaccine.stories[0]!.keyPoints[0]!.text).toMatch(/vaccine/i);
    const football = await bot.brief({ topic: 'football' });
    expect(football.stories).toEqual([]);
    expect(football.notes.join(' ')).toMatch(/Nothing in the store about “football”/);
  });

  it('on an empty store says so', async () => {
    bot = await testBot({}, false);
    const brief = await bot.brief();
    expect(brief.stories).toEqual([]);
    expect(brief.notes[0]).toMatch(/empty/);
  });
});

describe('brief with wire copies', () => {
  // Two outlets run one agency text with small edits; a third writes its own story of the same event.
  const HARBOUR = 'Daily Harbour';
  const COASTAL = 'Coastal Times';
  const POST = 'Valmora Post';
  const docs: NewDocument[] = [
    { source: HARBOUR, title: 'Strike halts Valmora port', titleOrigin: 'metadata', lang: 'en', text: COPY_A, publishedAt: '2026-03-02', url: 'https://harbour.example/strike' },
    { source: COASTAL, title: 'Valmora dockers walk out', titleOrigin: 'metadata', lang: 'en', text: COPY_B, publishedAt: '2026-03-02', url: 'https://coastal.example/strike' },
    { source: POST, title: 'Port at a standstill', titleOrigin: 'metadata', lang: 'en', text: OWN, publishedAt: '2026-03-02', url: 'https://post.example/port' },
  ];
  const copyOnly = (p: KeyPoint) => !p.citations.some((c) => c.source === POST);

  async function setUp(): Promise<{ app: Awaited<ReturnType<typeof testApp>>; added: Document[] }> {
    const app = await testApp({ seeds: [] });
    bot = app.bot;
    const { added } = await app.storage.documents.add(docs);
    return { app, added };
  }

  it('stores the copies linked and the independent story on its own', async () => {
    const { added } = await setUp();
    expect(added.map((d) => d.copyOf)).toEqual([undefined, added[0]!.id, undefined]);
  });

  it('counts the two copies as one outlet: agreement comes only from points the independent outlet also reports', async () => {
    await setUp();
    const brief = Brief.parse(await bot.brief());
    expect(brief.stories).toHaveLength(1);
    const story = brief.stories[0]!;
    expect(story.documents.map((d) => d.source).sort()).toEqual([COASTAL, HARBOUR, POST].sort());
    expect(story.agreement.length).toBeGreaterThan(0);
    for (const p of story.agreement) {
      expect(sourcesOf(p), p.text).toContain(POST);
      expect(p.onlyIn).toBeUndefined();
    }
    // what only the agency text says is "only in" its first outlet, though both copies are cited
    const wireOnly = [...story.keyPoints, ...story.differences].filter(copyOnly);
    expect(wireOnly.length).toBeGreaterThan(0);
    for (const p of wireOnly) expect(p.onlyIn, p.text).toBe(HARBOUR);
    expect(wireOnly.some((p) => sourcesOf(p).length === 2)).toBe(true);
    for (const p of story.keyPoints.filter((k) => !k.onlyIn)) expect(sourcesOf(p), p.text).toContain(POST);
    expect(new Set(story.differences.map((p) => p.onlyIn))).toEqual(new Set([HARBOUR, POST]));
  });

  it('says so in the text: the copies\' own points are marked "only in", not listed as agreed', async () => {
    await setUp();
    const text = briefToText(await bot.brief());
    expect(text).toMatch(/Outlets agree on: /);
    expect(text).toMatch(/\(only in Daily Harbour\)/);
    expect(text).not.toMatch(/only in Coastal Times/);
  });

  it('without the link, the same documents would count the copies as agreeing (what the link prevents)', async () => {
    const { app, added } = await setUp();
    const unlinked = added.map(({ copyOf: _, ...d }) => d);
    const brief = await briefOfDocuments(app.storage.documents, unlinked, {}, { maxStories: 5, windowDocs: 10, now: new Date('2026-03-03') });
    expect(brief.stories[0]!.keyPoints.some((p) => copyOnly(p) && !p.onlyIn)).toBe(true);
  });

  it('summarises an independent story even when copies of one text alone would fill the articles summarised', async () => {
    const app = await testApp({ seeds: [] });
    bot = app.bot;
    const copies = Array.from({ length: 9 }, (_, i): NewDocument => ({
      ...docs[0]!, source: `Outlet ${i + 1}`, url: `https://outlet${i + 1}.example/strike`, text: `Update ${i + 1} from our newsroom, ${i + 1} hours in.\n\n${COPY_A}`,
    }));
    const { added } = await app.storage.documents.add([...copies, docs[2]!]);
    expect(added.filter((d) => d.copyOf)).toHaveLength(8);
    const story = (await bot.brief()).stories[0]!;
    expect(story.documents).toHaveLength(10);
    expect(story.agreement.length).toBeGreaterThan(0);
    for (const p of story.agreement) expect(sourcesOf(p), p.text).toContain(POST);
  });

  it('credits a copy whose original is outside the window to the original\'s outlet', async () => {
    const { app, added } = await setUp();
    const credit = await outletCredits(app.storage.documents, [added[1]!, added[2]!]);
    expect(credit(added[1]!)).toBe(HARBOUR);
    expect(credit(added[2]!)).toBe(POST);
  });
});
