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

  it('adds a source once per URL: due at once, unnamed until told or polled; a later add with a name renames it', () => {
    const first = repo().add({ url: FEED, origin: 'cli' }, f.clock);
    expect(first.created).toBe(true);
    expect(first.source).toMatchObject({ url: FEED, origin: 'cli', failures: 0, itemsStored: 0, nextPollAt: f.clock.toISOString() });
    expect(first.source.name).toBeUndefined();
    const again = repo().add({ url: FEED, origin: 'chat', name: 'News Example' }, later(f.clock, 5));
    expect(again).toMatchObject({ created: false, source: { id: first.source.id, name: 'News Example', origin: 'cli' } });
    expect(repo().all()).toHaveLength(1);
    expect(repo().byUrl(FEED)?.id).toBe(first.source.id);
    expect(repo().get(first.source.id)?.name).toBe('News Example');
    expect(repo().get(first.source.id + 100)).toBeUndefined();
  });

  it('due() lists sources whose poll time has come, soonest first, within the limit', () => {
    const a = repo().add({ url: `${FEED}?a`, origin: 'cli' }, f.clock).source;
    const b = repo().add({ url: `${FEED}?b`, origin: 'cli' }, f.clock).source;
    repo().recordPoll(a.id, ok({ nextPollAt: later(f.clock, 30) }), []);
    repo().recordPoll(b.id, ok({ nextPollAt: later(f.clock, 10) }), []);
    expect(repo().due(later(f.clock, 5), 10)).toEqual([]);
    expect(repo().due(later(f.clock, 10), 10).map((s) => s.id)).toEqual([b.id]);
    expect(repo().due(later(f.clock, 60), 10).map((s) => s.id)).toEqual([b.id, a.id]);
    expect(repo().due(later(f.clock, 60), 1).map((s) => s.id)).toEqual([b.id]);
  });

  it('a failed poll keeps the validators and the count, says why, and counts failures until a success resets them', () => {
    const s = repo().add({ url: FEED, origin: 'cli' }, f.clock).source;
    repo().recordPoll(s.id, ok({ etag: '"v1"', lastModified: 'Mon, 01 Jun 2026 06:00:00 GMT', stored: 3, kind: 'atom', title: 'Feed Title' }), []);
    expect(repo().get(s.id)).toMatchObject({ etag: '"v1"', itemsStored: 3, kind: 'atom', name: 'Feed Title', failures: 0, lastSuccessAt: f.clock.toISOString() });
    const t1 = later(f.clock, 15);
    repo().recordPoll(s.id, { at: t1, nextPollAt: later(t1, 30), ok: false, error: 'HTTP 503', stored: 0 }, []);
    repo().recordPoll(s.id, { at: later(t1, 30), nextPollAt: later(t1, 90), ok: false, error: 'timed out', stored: 0 }, []);
    expect(repo().get(s.id)).toMatchObject({ etag: '"v1"', itemsStored: 3, failures: 2, lastError: 'timed out', lastSuccessAt: f.clock.toISOString(), lastPollAt: later(t1, 30).toISOString() });
    repo().recordPoll(s.id, ok({ at: later(t1, 90), stored: 1, title: 'Another title' }), []);
    expect(repo().get(s.id)).toMatchObject({ failures: 0, itemsStored: 4, name: 'Feed Title', etag: '"v1"' });
    expect(repo().get(s.id)?.lastError).toBeUndefined();
  });

  it('remembers the GUIDs taken from each source, per source; removing a source forgets them', () => {
    const a = repo().add({ url: `${FEED}?a`, origin: 'cli' }, f.clock).source;
    const b = repo().add({ url: `${FEED}?b`, origin: 'cli' }, f.clock).source;
    repo().recordPoll(a.id, ok(), [{ guid: 'g1', documentId: 'd_1' }, { guid: 'g2' }, { guid: "it's \"quoted\"" }]);
    expect(repo().seen(a.id, ['g1', 'g2', 'g3', "it's \"quoted\""])).toEqual(new Set(['g1', 'g2', "it's \"quoted\""]));
    expect(repo().seen(b.id, ['g1'])).toEqual(new Set());
    expect(repo().seen(a.id, [])).toEqual(new Set());
    repo().recordPoll(a.id, ok(), [{ guid: 'g1', documentId: 'd_1' }]); // recording a GUID twice is harmless
    expect(repo().remove(a.id)).toBe(true);
    expect(repo().remove(a.id)).toBe(false);
    expect(repo().seen(a.id, ['g1'])).toEqual(new Set());
    expect(repo().all().map((s) => s.id)).toEqual([b.id]);
  });

  it('atomically(): a poll whose work throws keeps neither its documents nor its poll state', () => {
    const s = repo().add({ url: FEED, origin: 'cli' }, f.clock).source;
    expect(() =>
      f.storage.atomically(() => {
        f.storage.documents.add([doc('The harbour reopened on Tuesday after repairs.')]);
        repo().recordPoll(s.id, ok({ stored: 1 }), [{ guid: 'g1' }]);
        throw new Error('crash halfway');
      }),
    ).toThrow('crash halfway');
    expect(f.storage.documents.count()).toBe(0);
    expect(repo().get(s.id)).toMatchObject({ itemsStored: 0 });
    expect(repo().seen(s.id, ['g1'])).toEqual(new Set());
    expect(f.storage.atomically(() => f.storage.documents.add([doc('The ferry ran again on Wednesday.')]).added.length)).toBe(1);
    expect(f.storage.documents.count()).toBe(1);
  });
});
