import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { DigestRepository } from '../../src/digest/repository.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import { testBot } from '../helpers/bot.js';

let bot: BriefBot;
afterEach(() => bot?.close());

const harbour = {
  source: 'Coast News', title: 'Harbour reopens after repairs', titleOrigin: 'metadata' as const, lang: 'en',
  text: 'The harbour of Port Ellen reopened on Tuesday after two months of repairs costing 4 million pounds. Ferries resumed their timetable, the council said.',
};

describe('questions under a digest', () => {
  it('"tell me more about story N" returns that story with its citations', async () => {
    bot = testBot();
    const digest = bot.digests.preview({ platform: 'console', channelId: 'local' });
    expect(digest.stories).toHaveLength(1);
    const a = await bot.answer('tell me more about story 1', [], digest);
    expect(a.status).toBe('answered');
    expect(a.text).toMatch(/^Story 1: POWs, the economy, and vaccines discussed as Pashinyan meets Putin/);
    expect(new Set(a.citations.map((c) => c.source))).toEqual(new Set(['OC Media', '002_ea08fb494fe980f6']));
    const missing = await bot.answer('tell me more about story 4', [], digest);
    expect(missing.status).toBe('not_found');
    expect(missing.text).toMatch(/there is no story 4/);
  });

  it('answers from the digest’s documents first, then from the whole store', async () => {
    bot = testBot({}, false);
    bot.store.add([harbour]);
    const digest = bot.digests.preview({ platform: 'console', channelId: 'local' });
    bot.ingest(['seeds']);
    // the seeds came after the digest: a question about them is still answered, from the store
    const outside = await bot.answer('How many doses of Sputnik V did Armenia receive first?', [], digest);
    expect(outside.citations[0]!.source).toBe('002_ea08fb494fe980f6');
    const inside = await bot.answer('How much did the repairs cost?', [], digest);
    expect(inside.span).toBe('4 million');
    expect(inside.citations[0]!.source).toBe('Coast News');
  });

  it('a digest split over several messages is found from any of them, in its own channel only', () => {
    bot = testBot();
    const digest = bot.digests.preview({ platform: 'console', channelId: 'local' });
    new DigestRepository((bot.store as SqliteStore).db).recordPost('discord', 'c1', ['m1', 'm2', 'm3'], digest, new Date());
    for (const id of ['m1', 'm2', 'm3']) expect(bot.digests.briefForThread({ platform: 'discord', channelId: 'c1' }, id)).toEqual(digest);
    expect(bot.digests.briefForThread({ platform: 'discord', channelId: 'c1' }, 'm4')).toBeUndefined();
    expect(bot.digests.briefForThread({ platform: 'discord', channelId: 'c2' }, 'm2')).toBeUndefined();
    expect(bot.digests.briefForThread({ platform: 'slack', channelId: 'c1' }, 'm2')).toBeUndefined();
  });
});
