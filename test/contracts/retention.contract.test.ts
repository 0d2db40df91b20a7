// Contract of DocumentStore.deleteIngestedBefore and compact (src/store/port.ts), for every backend: documents
// dropped in batches by ingestion time, with their sentences and index entries; what is kept is untouched.
import { describe, expect, it } from 'vitest';
import type { Document, NewDocument } from '../../src/domain.js';
import { terms } from '../../src/text/tokens.js';
import { backends, storagePerTest } from './backends.js';

const doc = (text: string, over: Partial<NewDocument> = {}): NewDocument => ({
  source: 'Wire', title: 'A story', titleOrigin: 'metadata', lang: 'en', text, ...over,
});
const day = (d: number) => new Date(Date.UTC(2026, 2, d, 9));

describe.each(backends)('DocumentStore retention contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-03-01T09:00:00.000Z');
  const store = () => f.storage.documents;
  /** Adds `d` as ingested on day `n` of March 2026. */
  const addOn = async (n: number, d: NewDocument): Promise<Document> => {
    f.clock = day(n);
    return (await store().add([d])).added[0]!;
  };
  const ids = async (docs: Promise<Document[]>) => (await docs).map((x) => x.id);
  const counts = async () => [await store().count(), await store().sentenceCount()];

  it('drops documents ingested before the cutoff (exclusive), oldest first, at most `limit` per call', async () => {
    const a = await addOn(1, doc('The harbour reopened after repairs.'));
    const b = await addOn(2, doc('The council approved a new bridge.'));
    const c = await addOn(3, doc('Farmers harvested wheat early this year.'));
    const d = await addOn(4, doc('The orchestra rehearsed a new symphony.'));
    expect(await store().deleteIngestedBefore(day(4).toISOString(), 2)).toBe(2);
    expect(await ids(store().getMany([a.id, b.id, c.id, d.id]))).toEqual([c.id, d.id]);
    expect(await store().deleteIngestedBefore(day(4).toISOString(), 2)).toBe(1);
    expect(await store().deleteIngestedBefore(day(4).toISOString(), 2)).toBe(0); // day 4 itself is not before day 4
    expect(await ids(store().getMany([c.id, d.id]))).toEqual([d.id]);
    expect(await store().count()).toBe(1);
  });

  it('returns 0 and changes nothing when nothing is older, or on an empty store', async () => {
    expect(await store().deleteIngestedBefore(day(9).toISOString(), 10)).toBe(0);
    const a = await addOn(5, doc('Cyclists crossed the mountain pass.'));
    expect(await store().deleteIngestedBefore(day(5).toISOString(), 10)).toBe(0);
    expect(await store().get(a.id)).toEqual(a);
    expect(await counts()).toEqual([1, 1]);
  });

  it('dropped documents are gone everywhere: get, recent, ingestedBetween, sentences, search, documentFrequency, counts', async () => {
    const old = await addOn(1, doc('Zeppelins returned to the skies over Geneva. Engineers cheered the zeppelin crews.', { url: 'https://example.com/old' }));
    const kept = await addOn(3, doc('Geneva talks resumed after lunch. Delegates praised the zeppelin museum.'));
    const zeppelin = terms('zeppelin')[0]!;
    const geneva = terms('Geneva')[0]!;
    expect(await store().documentFrequency([zeppelin, geneva])).toEqual(new Map([[zeppelin, 3], [geneva, 2]]));
    expect(await counts()).toEqual([2, 4]);

    expect(await store().deleteIngestedBefore(day(2).toISOString(), 100)).toBe(1);

    expect(await store().get(old.id)).toBeUndefined();
    expect(await store().sentences(old.id)).toEqual([]);
    expect(await ids(store().recent({ limit: 10 }))).toEqual([kept.id]);
    expect(await ids(store().ingestedBetween(day(0).toISOString(), day(9).toISOString(), 10))).toEqual([kept.id]);
    expect((await store().searchSentences([zeppelin, geneva], 10)).map((h) => h.documentId)).toEqual([kept.id, kept.id]);
    expect(await store().searchDocuments([zeppelin], 10)).toEqual([kept.id]);
    expect(await store().documentFrequency([zeppelin, geneva])).toEqual(new Map([[zeppelin, 1], [geneva, 1]]));
    expect(await counts()).toEqual([1, 2]);
    expect(await store().get(kept.id)).toEqual(kept);
    expect((await store().sentences(kept.id)).map((s) => s.index)).toEqual([0, 1]);
  });

  it('a dropped document is no longer a duplicate: the same text or URL can be stored again', async () => {
    const input = doc('The harbour of Port Ellen reopened on Tuesday.', { url: 'https://example.com/harbour' });
    const first = await addOn(1, input);
    expect(await store().deleteIngestedBefore(day(2).toISOString(), 10)).toBe(1);
    const again = await addOn(5, input);
    expect(again.id).toBe(first.id);
    expect(again.ingestedAt).toBe(day(5).toISOString());
    expect(await store().searchDocuments(terms('Port Ellen'), 5)).toEqual([first.id]);
    expect(await store().sentenceCount()).toBe(1);
  });

  it('batches add up to everything older, documents of one ingestion batch included, and leave the rest', async () => {
    f.clock = day(1);
    const batch = (await store().add(Array.from({ length: 25 }, (_, i) => doc(`Bulletin ${i}: the ferry number ${i} left the quay on time.`)))).added;
    const later = await addOn(2, doc('A later bulletin about the ferry timetable.'));
    let dropped = 0;
    let calls = 0;
    for (let n = -1; n !== 0; calls++) dropped += n = await store().deleteIngestedBefore(day(2).toISOString(), 10);
    expect([dropped, calls]).toEqual([25, 4]); // 10 + 10 + 5, then 0
    expect(await store().getMany(batch.map((d) => d.id))).toEqual([]);
    expect(await store().searchDocuments(terms('ferry'), 50)).toEqual([later.id]);
    expect((await store().documentFrequency(terms('ferry'))).get(terms('ferry')[0]!)).toBe(1);
    expect(await counts()).toEqual([1, 1]);
  });

  it('compact() after drops changes no result, and finishes', async () => {
    f.clock = day(1);
    await store().add(Array.from({ length: 60 }, (_, i) => doc(`Convoy ${i} crossed the border at dawn. Officials counted ${i} trucks.`)));
    f.clock = day(3);
    const kept = (await store().add(Array.from({ length: 20 }, (_, i) => doc(`Harvest ${i} began in the valley. Farmers hired ${i} workers for the convoy.`)))).added;
    while ((await store().deleteIngestedBefore(day(2).toISOString(), 7)) > 0);
    const convoy = terms('convoy');
    const hits = await store().searchSentences(convoy, 100);
    const df = await store().documentFrequency(convoy);
    let steps = 0;
    while (await store().compact()) expect(++steps).toBeLessThan(1000);
    expect(await store().searchSentences(convoy, 100)).toEqual(hits);
    expect(new Set(hits.map((h) => h.documentId))).toEqual(new Set(kept.map((d) => d.id)));
    expect(await store().documentFrequency(convoy)).toEqual(df);
    expect(await counts()).toEqual([20, 40]);
    expect(await store().compact()).toBe(false);
  });

  it('by ingestion time, not publication date: an old article ingested recently is kept', async () => {
    const archive = await addOn(4, doc('An archive piece about the 1990 floods.', { publishedAt: '1990-05-01' }));
    const undated = await addOn(1, doc('A note ingested early, with no date.'));
    expect(await store().deleteIngestedBefore(day(3).toISOString(), 10)).toBe(1);
    expect(await ids(store().getMany([archive.id, undated.id]))).toEqual([archive.id]);
  });
});
