// The in-memory search behind persistent stories (src/stories/incremental.ts): exact cosine through the postings.
import { describe, expect, it } from 'vitest';
import { documentTf, joined, MAX_STORY_DAYS, started, StoryIndex, topSlots } from '../../src/stories/incremental.js';
import { cosine, terms } from '../../src/text/tokens.js';

const flat = () => 1;
const tf = (text: string) => documentTf(terms(text));
const DAY = 18_725; // 2021-04-08

describe('StoryIndex', () => {
  const talks = started('s_talks', tf('Pashinyan Putin talks Moscow ceasefire prisoners vaccines'), DAY, flat);
  const harvest = started('s_harvest', tf('wheat harvest farmers grain prices drought'), DAY, flat);

  it('finds the most similar story at or above the threshold, with the cosine a direct comparison gives', () => {
    const doc = tf('Putin and Pashinian held talks in Moscow on prisoners');
    const sim = cosine(doc, talks.sum);
    for (const [threshold, found] of [[0.15, 's_talks'], [sim - 1e-9, 's_talks'], [sim + 1e-9, undefined]] as const) {
      const index = new StoryIndex({ threshold, maxDaysApart: 3 });
      index.put(harvest, flat);
      index.put(talks, flat);
      expect(index.best(doc, DAY, flat)?.id, String(threshold)).toBe(found);
    }
  });

  it('skips a story outside the date window, and lets an undated document or story match any date', () => {
    const index = new StoryIndex();
    index.put(talks, flat);
    const doc = tf('Pashinyan Putin talks Moscow');
    expect(index.best(doc, DAY + 4, flat)).toBeUndefined();
    expect(index.best(doc, DAY - 3, flat)?.id).toBe('s_talks');
    expect(index.best(doc, undefined, flat)?.id).toBe('s_talks');
    index.put(started('s_undated', tf('Pashinyan Putin talks Moscow'), undefined, flat), flat);
    expect(index.best(doc, DAY + 400, flat)?.id).toBe('s_undated');
  });

  it('lets a story run MAX_STORY_DAYS at most, and finds it from every day it can take', () => {
    const index = new StoryIndex();
    const words = 'Pashinyan Putin talks Moscow ceasefire prisoners vaccines';
    let story = started('s_week', tf(words), DAY, flat);
    for (let d = 1; d <= MAX_STORY_DAYS; d++) story = joined(story, tf(words), DAY + d, flat);
    index.put(story, flat);
    expect(index.best(tf(words), DAY + MAX_STORY_DAYS + 0.5, flat)).toBeUndefined();
    expect(index.best(tf(words), DAY - 0.5, flat)).toBeUndefined();
    for (const d of [DAY, DAY + 3, DAY + MAX_STORY_DAYS]) expect(index.best(tf(words), d, flat)?.id, String(d)).toBe('s_week');
    // a young story is found from every day of its window, on either side
    index.put(started('s_young', tf(words), DAY + 100, flat), flat);
    for (const d of [DAY + 97, DAY + 103]) expect(index.best(tf(words), d, flat)?.id, String(d)).toBe('s_young');
  });

  it('replaces a story put again, and forgets a deleted one entirely', () => {
    const index = new StoryIndex();
    index.put(talks, flat);
    const grown = joined(talks, tf('Nagorno-Karabakh ceasefire monitored by Russian peacekeepers'), DAY + 1, flat);
    index.put(grown, flat);
    expect(index.size).toBe(1);
    expect(index.best(tf('Russian peacekeepers Nagorno-Karabakh ceasefire'), DAY + 4, flat)).toMatchObject({ id: 's_talks', size: 2, lastDay: DAY + 1 });
    index.delete('s_talks');
    expect(index.size).toBe(0);
    expect(index.best(tf('Pashinyan Putin talks Moscow'), DAY, flat)).toBeUndefined();
  });
});

describe('topSlots', () => {
  it('keeps the n best slots, best first, ties in the order given', () => {
    const score = Float64Array.from([0.1, 0.9, 0.5, 0.9, 0.3, 0.7]);
    expect(topSlots([0, 1, 2, 3, 4, 5], score, 3)).toEqual([1, 3, 5]);
    expect(topSlots([5, 4, 3, 2, 1, 0], score, 2)).toEqual([3, 1]);
    expect(topSlots([0, 2], score, 5)).toEqual([2, 0]);
    expect(topSlots([], score, 5)).toEqual([]);
  });
});
