// Contract of the SourceRepository port and of Storage.atomically (src/store/repositories.ts), for every backend.
import { describe, expect, it } from 'vitest';
import type { NewDocument } from '../../src/domain.js';
import type { PollOutcome } from '../../src/store/repositories.js';
import { backends, storagePerTest } from './backends.js';

const FEED = 'https://news.example/feed.xml';
const later = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
const doc = (text: string): NewDocument => ({ source: 'Wire', title: 'A story', titleOrigin: 'metadata', lang: 'en', text });

describe.each(backends)('SourceRepository contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T07:00:00.000Z');
  const repo = () => f.storage.sources;
  const ok = (over: Partial<PollOutcome> = {}): PollOutcome => ({ at: f.clock, nextPollAt: later(f.clock, 15), ok: true, stored: 0, ...over });

  it('adds a source once per URL: due at once, unnamed until told or polled; a later add with a name renames it', async () => {
    const first = await repo().add({ url: FEED, origin: 'cli' }, f.clock);
    expect(first.created).toBe(true);
    expect(first.source).toMatchObject({ url: FEED, origin: 'cli', failures: 0, itemsStored: 0, nextPollAt: f.clock.toISOString() });
    expect(first.source.name).toBeUndefined();
    const again = await repo().add({ url: FEED, origin: 'chat', name: 'News Example' }, later(f.clock, 5));
    expect(again).toMatchObject({ created: false, source: { id: first.source.id, name: 'News Example', origin: 'cli' } });
    expect(await repo().all()).toHaveLength(1);
    expect((await repo().byUrl(FEED))?.id).toBe(first.source.id);
    expect((await repo().get(first.source.id))?.name).toBe('News Example');
    expect(await repo().get(first.source.id + 100)).toBeUndefined();
  });

  it('due() lists sources whose poll time has come, soonest first, within the limit', async () => {
    const a = (await repo().add({ url: `${FEED}?a`, origin: 'cli' }, f.clock)).source;
    const b = (await repo().add({ url: `${FEED}?b`, origin: 'cli' }, f.clock)).source;
    await repo().recordPoll(a.id, ok({ nextPollAt: later(f.clock, 30) }), []);
    await repo().recordPoll(b.id, ok({ nextPollAt: later(f.clock, 10) }), []);
    expect(await repo().due(later(f.clock, 5), 10)).toEqual([]);
    expect((await repo().due(later(f.clock, 10), 10)).map((s) => s.id)).toEqual([b.id]);
    expect((await repo().due(later(f.clock, 60), 10)).map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await repo().due(later(f.clock, 60), 1)).map((s) => s.id)).toEqual([b.id]);
  });

  it('claim() takes a due poll once: the source is not due again until the lease ends or the poll is recorded', async () => {
    const a = (await repo().add({ url: `${FEED}?a`, origin: 'cli' }, f.clock)).source;
    const until = later(f.clock, 15);
    // several processes race for the same due poll: one gets it
    const wins = await Promise.all([1, 2, 3, 4].map(() => repo().claim(a.id, f.clock, until)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await repo().due(later(f.clock, 14), 10)).toEqual([]);
    expect(await repo().claim(a.id, later(f.clock, 14), later(f.clock, 30))).toBe(false);
    // its poller died: due again once the lease is over
    expect((await repo().due(until, 10)).map((s) => s.id)).toEqual([a.id]);
    // a recorded poll sets the next one, whatever the lease said
    await repo().recordPoll(a.id, ok({ nextPollAt: later(f.clock, 60) }), []);
    expect(await repo().claim(a.id, later(f.clock, 30), later(f.clock, 45))).toBe(false);
    expect(await repo().claim(a.id, later(f.clock, 60), later(f.clock, 75))).toBe(true);
    expect(await repo().claim(a.id + 100, f.clock, until)).toBe(false);
  });

  it('a failed poll keeps the validators and the count, says why, and counts failures until a success resets them', async () => {
    const s = (await repo().add({ url: FEED, origin: 'cli' }, f.clock)).source;
    await repo().recordPoll(s.id, ok({ etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 06:00:00 GMT', stored: 3, kind: 'atom', title: 'Feed Title' }), []);
    expect(await repo().get(s.id)).toMatchObject({ etag: '"v1"', itemsStored: 3, kind: 'atom', name: 'Feed Title', failures: 0, lastSuccessAt: f.clock.toISOString() });
    const t1 = later(f.clock, 15);
    await repo().recordPoll(s.id, { at: t1, nextPollAt: later(t1, 30), ok: false, error: 'HTTP 503', stored: 0 }, []);
    await repo().recordPoll(s.id, { at: later(t1, 30), nextPollAt: later(t1, 90), ok: false, error: 'timed out', stored: 0 }, []);
    expect(await repo().get(s.id)).toMatchObject({ etag: '"v1"', itemsStored: 3, failures: 2, lastError: 'timed out', lastSuccessAt: f.clock.toISOString(), lastPollAt: later(t1, 30).toISOString() });
    await repo().recordPoll(s.id, ok({ at: later(t1, 90), stored: 1, title: 'Another title' }), []);
    expect(await repo().get(s.id)).toMatchObject({ failures: 0, itemsStored: 4, name: 'Feed Title', etag: '"v1"' });
    expect((await repo().get(s.id))?.lastError).toBeUndefined();
  });

  it('remembers the GUIDs taken from each source, per source; removing a source forgets them', async () => {
    const a = (await repo().add({ url: `${FEED}?a`, origin: 'cli' }, f.clock)).source;
    const b = (await repo().add({ url: `${FEED}?b`, origin: 'cli' }, f.clock)).source;
    await repo().recordPoll(a.id, ok(), [{ guid: 'g1', documentId: 'd_1' }, { guid: 'g2' }, { guid: "it's \"quoted\"" }]);
    expect(await repo().seen(a.id, ['g1', 'g2', 'g3', "it's \"quoted\""])).toEqual(new Set(['g1', 'g2', "it's \"quoted\""]));
    expect(await repo().seen(b.id, ['g1'])).toEqual(new Set());
    expect(await repo().seen(a.id, [])).toEqual(new Set());
    await repo().recordPoll(a.id, ok(), [{ guid: 'g1', documentId: 'd_1' }]); // recording a GUID twice is harmless
    expect(await repo().remove(a.id)).toBe(true);
    expect(await repo().remove(a.id)).toBe(false);
    expect(await repo().seen(a.id, ['g1'])).toEqual(new Set());
    expect((await repo().all()).map((s) => s.id)).toEqual([b.id]);
  });

  it('atomically(): a poll whose work throws keeps neither its documents nor its poll state', async () => {
    const s = (await repo().add({ url: FEED, origin: 'cli' }, f.clock)).source;
    await expect(
      f.storage.atomically(async (tx) => {
        await tx.documents.add([doc('The harbour reopened on Tuesday after repairs.')]);
        await tx.sources.recordPoll(s.id, ok({ stored: 1 }), [{ guid: 'g1' }]);
        throw new Error('crash halfway');
      }),
    ).rejects.toThrow('crash halfway');
    expect(await f.storage.documents.count()).toBe(0);
    expect(await repo().get(s.id)).toMatchObject({ itemsStored: 0 });
    expect(await repo().seen(s.id, ['g1'])).toEqual(new Set());
    expect(await f.storage.atomically(async (tx) => (await tx.documents.add([doc('The ferry ran again on Wednesday.')])).added.length)).toBe(1);
    expect(await f.storage.documents.count()).toBe(1);
  });

  it('atomically(): the work reads its own writes through tx, and they are all kept when it resolves', async () => {
    const s = (await repo().add({ url: FEED, origin: 'cli' }, f.clock)).source;
    const inside = await f.storage.atomically(async (tx) => {
      const { added } = await tx.documents.add([doc('The bridge opened to traffic on Friday.')]);
      await tx.sources.recordPoll(s.id, ok({ stored: added.length }), [{ guid: 'g1', documentId: added[0]?.id }]);
      return { count: await tx.documents.count(), source: await tx.sources.get(s.id), seen: await tx.sources.seen(s.id, ['g1']) };
    });
    expect(inside).toMatchObject({ count: 1, source: { itemsStored: 1 }, seen: new Set(['g1']) });
    expect(await f.storage.documents.count()).toBe(1);
    expect(await repo().get(s.id)).toMatchObject({ itemsStored: 1, lastSuccessAt: f.clock.toISOString() });
    expect(await repo().seen(s.id, ['g1'])).toEqual(new Set(['g1']));
  });
});
