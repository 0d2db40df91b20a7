// The in-memory search behind persistent stories (src/stories/incremental.ts): exact cosine through the postings.
import { describe, expect, it } from 'vitest';
import { documentTf, joined, started, StoryIndex } from '../../src/stories/incremental.js';
import { cosine, terms } from '../../src/text/tokens.js';

const flat = () => 1;
const tf = (text: string) => documentTf(terms(text));
const DAY = 18_725; // 2021-04-08

describe('StoryIndex', () => {
  const talks = started('s_talks', tf('Pashinyan Putin talks Moscow ceasefire prisoners vaccines'), DAY, flat);
  const harvest = started('s_harvest', tf('wheat harvest farmers grain prices drought'), DAY, flat);

  it('finds the most similar story at or above the threshold, with the cosine a direct comparison gives', () => {
    const index = new StoryIndex();
    index.put(harvest, flat);
    index.put(talks, flat);
    const doc = tf('Putin and Pashinian held talks in Moscow on prisoners');
    expect(index.best(doc, DAY, flat, { threshold: 0.15, maxDaysApart: 3 })?.id).toBe('s_talks');
    const sim = cosine(doc, talks.sum);
    expect(index.best(doc, DAY, flat, { threshold: sim - 1e-9, maxDaysApart: 3 })?.id).toBe('s_talks');
    expect(index.best(doc, DAY, flat, { threshold: sim + 1e-9, maxDaysApart: 3 })).toBeUndefined();
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
