import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { testApp, testBot } from '../helpers/bot.js';

let bot: BriefBot;
afterEach(() => bot?.close());

const harbour = {
  source: 'Coast News', title: 'Harbour reopens after repairs', titleOrigin: 'metadata' as const, lang: 'en',
  text: 'The harbour of Port Ellen reopened on Tuesday after two months of repairs costing 4 million pounds. Ferries resumed their timetable, the council said.',
};

describe('questions under a digest', () => {
  it('"tell me more about story N" returns that story with its citations', async () => {
    bot = await testBot();
    const digest = await bot.digests.preview({ platform: 'console', channelId: 'local' });
    expect(digest.stories).toHaveLength(1);
    const a = await bot.answer('tell me more about story 1', { digest });
    expect(a.status).toBe('answered');
    expect(a.text).toMatch(/^Story 1: POWs, the economy, and vaccines discussed as Pashinyan meets Putin/);
    expect(new Set(a.citations.map((c) => c.source))).toEqual(new Set(['OC Media', '002_ea08fb494fe980f6']));
    const missing = await bot.answer('tell me more about story 4', { digest });
    expect(missing.status).toBe('not_found');
    expect(missing.text).toMatch(/there is no story 4/);
  });

  it('answers from the digest’s documents first, then from the whole store', async () => {
    const app = await testApp({ seeds: [] });
    bot = app.bot;
    await app.storage.documents.add([harbour]);
    const digest = await bot.digests.preview({ platform: 'console', channelId: 'local' });
    await bot.ingest(['seeds']);
    // the seeds came after the digest: a question about them is still answered, from the store
    const outside = await bot.answer('How many doses of Sputnik V did Armenia receive first?', { digest });
    expect(outside.citations[0]!.source).toBe('002_ea08fb494fe980f6');
    const inside = await bot.answer('How much did the repairs cost?', { digest });
    expect(inside.span).toBe('4 million');
    expect(inside.citations[0]!.source).toBe('Coast News');
  });

  it('the core finds a posted digest under any of its messages, in its own channel and platform only', async () => {
    const app = await testApp();
    bot = app.bot;
    const digest = await bot.digests.preview({ platform: 'console', channelId: 'local' });
    await app.storage.posts.record('discord', 'c1', ['m1', 'm2', 'm3'], digest, new Date());
    const ask = (platform: 'discord' | 'slack', channelId: string, messageId: string) =>
      bot.answer('tell me more about story 1', { conversation: { platform, under: [{ channelId, messageId }] } });
    for (const id of ['m1', 'm2', 'm3']) expect((await ask('discord', 'c1', id)).text).toMatch(/^Story 1: /);
    for (const [platform, channel, id] of [['discord', 'c1', 'm4'], ['discord', 'c2', 'm2'], ['slack', 'c1', 'm2']] as const) {
      expect((await ask(platform, channel, id)).text).not.toMatch(/^Story 1: /);
    }
    // the nearest message that is a digest wins; messages that are not are passed over
    const under = [{ channelId: 'c1', messageId: 'm4' }, { channelId: 'c1', messageId: 'm3' }];
    expect((await bot.answer('tell me more about story 1', { conversation: { platform: 'discord', under } })).text).toMatch(/^Story 1: /);
  });
});
