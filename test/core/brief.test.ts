import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { Brief, type KeyPoint } from '../../src/domain.js';
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
    bot = testBot();
    const brief = Brief.parse(await bot.brief());
    expect(brief.method).toBe('extractive');
    expect(brief.stories).toHaveLength(1);
    const story = brief.stories[0]!;
    expect(story.documents.map((d) => d.source).sort()).toEqual([SECOND, OC]);
    expect(story.headline).toBe('POWs, the economy, and vaccines discussed as Pashinyan meets Putin');
    expect(story.keyPoints.length).toBeGreaterThanOrEqual(3);
    expect(story.keyPoints.length).toBeLessThanOrEqual(6);
  });

  it('cites both outlets for the points both report: prisoners of war, Sputnik V, the elections', async () => {
    const app = testApp();
    bot = app.bot;
    const story = (await bot.brief()).stories[0]!;
    for (const topic of [/prisoners of war/i, /Sputnik V/, /elections/]) {
      const point = story.keyPoints.find((p) => p.citations.some((c) => topic.test(c.quote)));
      expect(point, String(topic)).toBeDefined();
      expect(sourcesOf(point!)).toEqual([SECOND, OC].sort());
      expect(point!.onlyIn).toBeUndefined();
      // each citation quotes a sentence of its own article
      for (const c of point!.citations) expect(app.storage.documents.get(c.documentId)!.text).toContain(c.quote);
    }
    expect(story.agreement.every((p) => sourcesOf(p).length === 2)).toBe(true);
  });

  it('marks single-outlet points and names the outlet', async () => {
    const app = testApp();
    bot = app.bot;
    const story = (await bot.brief()).stories[0]!;
    expect(story.differences.length).toBeGreaterThan(0);
    for (const p of [...story.differences, ...story.keyPoints.filter((k) => k.onlyIn)]) {
      expect(sourcesOf(p)).toEqual([p.onlyIn]);
    }
    expect(new Set(story.differences.map((p) => p.onlyIn))).toEqual(new Set([OC, SECOND]));
  });

  it('never shows the membership appeal or the photo credit', async () => {
    bot = testBot();
    const json = JSON.stringify(await bot.brief());
    expect(json).not.toMatch(/Become (an OC Media )?Member|Join today|Official photo/i);
  });

  it('with a topic keeps to it, and says plainly when the store has nothing about it', async () => {
    bot = testBot();
    const vaccine = await bot.brief({ topic: 'vaccine' });
    expect(vaccine.stories).toHaveLength(1);
    expect(vaccine.stories[0]!.keyPoints[0]!.text).toMatch(/vaccine/i);
    const football = await bot.brief({ topic: 'football' });
    expect(football.stories).toEqual([]);
    expect(football.notes.join(' ')).toMatch(/Nothing in the store about “football”/);
  });

  it('on an empty store says so', async () => {
    bot = testBot({}, false);
    const brief = await bot.brief();
    expect(brief.stories).toEqual([]);
    expect(brief.notes[0]).toMatch(/empty/);
  });
});
