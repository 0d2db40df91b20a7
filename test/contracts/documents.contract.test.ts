// Contract of the DocumentStore port (src/store/port.ts, identity rules in src/store/identity.ts), for every backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewDocument } from '../../src/domain.js';
import { terms } from '../../src/text/tokens.js';
import {
  BOILERPLATE_ONE, BOILERPLATE_TWO, COPY_A, COPY_B, MARKET_MONDAY, MARKET_TUESDAY, OWN, SHORT_ONE, SHORT_TWO, WIRE,
} from '../fixtures/wire.js';
import { backends, storagePerTest } from './backends.js';

const doc = (text: string, over: Partial<NewDocument> = {}): NewDocument => ({
  source: 'Wire', title: 'A story', titleOrigin: 'metadata', lang: 'en', text, ...over,
});
// unrelated sentences, so that the index's idf is not degenerate in a tiny corpus
const FILLER = doc('Farmers harvested wheat early. The orchestra rehearsed a symphony. Rainfall flooded several roads. '
  + 'A museum opened a pottery exhibit. Cyclists crossed the mountain pass. Bakers sold fresh bread at dawn.');

describe.each(backends)('DocumentStore contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-03-01T09:00:00.000Z');
  const store = () => f.storage.documents;
  const addOne = async (d: NewDocument) => (await store().add([d])).added[0]!;

  describe('add and identity', () => {
    it('returns what it added, stamped with the f.clock, and get() reads it back', async () => {
      const result = await store().add([doc('Ministers met in Geneva. They agreed to talk again.', { url: 'https://example.com/a' })]);
      expect(result.duplicates).toEqual([]);
      expect(result.added).toHaveLength(1);
      const added = result.added[0]!;
      expect(added.id).toEqual(expect.any(String));
      expect(new Date(added.ingestedAt).getTime()).toBe(f.clock.getTime());
      expect(await store().get(added.id)).toEqual(added);
      expect(await store().count()).toBe(1);
      expect(await store().sentenceCount()).toBe(2);
    });

    it('treats the same text up to case, spacing and punctuation as one document', async () => {
      const first = await addOne(doc('The two ministers held talks in Geneva on Monday. They agreed to meet again.'));
      const input = doc('the two Ministers held talks in GENEVA on monday  they agreed to meet again', { source: 'Other' });
      expect(await store().add([input])).toEqual({ added: [], duplicates: [{ input, existingId: first.id }] });
      expect((await store().get(first.id))?.source).toBe('Wire');
      expect(await store().count()).toBe(1);
      expect(await store().sentenceCount()).toBe(2);
    });

    it('treats URLs differing only in host case, tracking parameters, fragment or trailing slash as one document', async () => {
      const first = await addOne(doc('First version of the story.', { url: 'https://example.com/news/a?id=7' }));
      const variants = ['https://EXAMPLE.com/news/a/?id=7&utm_source=x&utm_medium=y', 'https://example.com/news/a?fbclid=abc&id=7#top'];
      for (const [i, url] of variants.entries()) {
        const result = await store().add([doc(`Updated version ${i} of the story, reworded.`, { url })]);
        expect(result.added).toEqual([]);
        expect(result.duplicates.map((d) => d.existingId)).toEqual([first.id]);
      }
      expect((await store().add([doc('Another story entirely.', { url: 'https://example.com/news/a?id=8' })])).added).toHaveLength(1);
      expect((await store().add([doc('Yet another story.', { url: 'https://example.com/news/b' })])).added).toHaveLength(1);
      expect(await store().count()).toBe(3);
    });

    it('treats the same text under another URL as a duplicate, and catches duplicates within one batch', async () => {
      const first = await addOne(doc('A story told once.', { url: 'https://one.example/s' }));
      expect((await store().add([doc('A story told once!', { url: 'https://two.example/s' })])).duplicates[0]?.existingId).toBe(first.id);
      const batch = await store().add([doc('Fresh news arrives.'), doc('FRESH news, arrives')]);
      expect(batch.added).toHaveLength(1);
      expect(batch.duplicates).toEqual([{ input: doc('FRESH news, arrives'), existingId: batch.added[0]!.id }]);
    });

    it('stores a batch all or nothing: one invalid document keeps the whole batch out', async () => {
      await addOne(doc('The harbour reopened on Tuesday. Ferries resumed.'));
      const broken = { ...doc('A second article that will not be stored.'), source: null } as unknown as NewDocument;
      await expect(store().add([doc('Zeppelins returned to the skies. Engineers cheered.'), broken])).rejects.toThrow();
      expect(await store().count()).toBe(1);
      expect(await store().sentenceCount()).toBe(2);
      expect(await store().searchSentences(terms('zeppelin'), 5)).toEqual([]);
      expect(await store().recent({ limit: 10 })).toHaveLength(1);
    });

    it('stores text and title verbatim: mentions, markup and quotes are data', async () => {
      const text = 'Heads up @everyone and <!channel>: the <@U123> vote is `today`. Robert\'); DROP TABLE documents;-- said **no** 🎉.';
      const added = await addOne(doc(text, { title: '<!here> "Quoted" title\'s' }));
      expect((await store().get(added.id))?.text).toBe(text);
      expect((await store().get(added.id))?.title).toBe('<!here> "Quoted" title\'s');
      expect((await store().sentences(added.id)).map((s) => s.text).join(' ')).toContain('@everyone and <!channel>');
    });
  });

  describe('reading', () => {
    it('get() returns undefined for an unknown id; getMany() skips unknown ids and keeps the order asked for', async () => {
      const a = await addOne(doc('Alpha story here.'));
      const b = await addOne(doc('Beta story here.'));
      expect(await store().get('d_missing')).toBeUndefined();
      expect((await store().getMany([b.id, 'd_missing', a.id])).map((d) => d.id)).toEqual([b.id, a.id]);
      expect(await store().getMany([])).toEqual([]);
    });

    it('recent(): most recent first by publication date, else ingestion time; `since` is inclusive; `limit` caps', async () => {
      const a = await addOne(doc('Published early in February.', { publishedAt: '2026-02-10' }));
      const b = await addOne(doc('Undated, ingested on the first of March.'));
      const c = await addOne(doc('Published later in February.', { publishedAt: '2026-02-20' }));
      const ids = async (options: { since?: string; limit: number }) => (await store().recent(options)).map((d) => d.id);
      expect(await ids({ limit: 10 })).toEqual([b.id, c.id, a.id]);
      expect(await ids({ limit: 2 })).toEqual([b.id, c.id]);
      expect(await ids({ since: '2026-02-15', limit: 10 })).toEqual([b.id, c.id]);
      expect(await ids({ since: '2026-02-20', limit: 10 })).toEqual([b.id, c.id]);
      expect(await store().recent({ since: '2026-03-02', limit: 10 })).toEqual([]);
    });

    it('ingestedBetween(): after `after` (exclusive), at or before `until` (inclusive), most recent first', async () => {
      const t = (h: number) => new Date(Date.UTC(2026, 2, 1, h));
      const ids: string[] = [];
      for (const [i, h] of [8, 9, 10].entries()) {
        f.clock = t(h);
        ids.push((await addOne(doc(`Story number ${i} about the harbour.`))).id);
      }
      const between = async (a: number, b: number, limit = 10) => (await store().ingestedBetween(t(a).toISOString(), t(b).toISOString(), limit)).map((d) => d.id);
      expect(await between(8, 10)).toEqual([ids[2], ids[1]]);
      expect(await between(7, 8)).toEqual([ids[0]]);
      expect(await between(7, 10, 1)).toEqual([ids[2]]);
      expect(await between(10, 12)).toEqual([]);
    });

    it('sentences() lists a document\'s sentences in order; an unknown document has none', async () => {
      const d = await addOne(doc('First comes the lede. Then the detail follows. Finally a quote ends it.'));
      expect(await store().sentences(d.id)).toEqual([
        { documentId: d.id, index: 0, text: 'First comes the lede.' },
        { documentId: d.id, index: 1, text: 'Then the detail follows.' },
        { documentId: d.id, index: 2, text: 'Finally a quote ends it.' },
      ]);
      expect(await store().sentences('d_missing')).toEqual([]);
    });

    it('sentencesOf() gives each document its own sentences in order, in the order asked, [] for an unknown one', async () => {
      const a = await addOne(doc('Alpha opens here. Alpha closes there.'));
      const b = await addOne(doc('Beta has one sentence only.'));
      const texts = (await store().sentencesOf([b.id, 'd_missing', a.id, b.id])).map((list) => list.map((s) => `${s.documentId === a.id ? 'a' : 'b'}${s.index}:${s.text}`));
      expect(texts).toEqual([['b0:Beta has one sentence only.'], [], ['a0:Alpha opens here.', 'a1:Alpha closes there.'], ['b0:Beta has one sentence only.']]);
      expect(await store().sentencesOf([])).toEqual([]);
    });

    it('version() changes when documents are added or deleted, and only then', async () => {
      const v0 = await store().version();
      expect(await store().version()).toBe(v0);
      await addOne(doc('Ministers met in Geneva. They agreed to talk again.'));
      const v1 = await store().version();
      expect(v1).not.toBe(v0);
      await store().add([doc('Ministers met in Geneva. They agreed to talk again.')]); // a duplicate: nothing added
      expect(await store().version()).toBe(v1);
      f.clock = new Date('2026-03-05T09:00:00.000Z');
      expect(await store().deleteIngestedBefore('2026-03-04T00:00:00.000Z', 10)).toBe(1);
      expect(await store().version()).not.toBe(v1);
    });

    it('count() and sentenceCount() start at zero and add up across documents', async () => {
      expect([await store().count(), await store().sentenceCount()]).toEqual([0, 0]);
      await store().add([FILLER, doc('One sentence only.')]);
      expect([await store().count(), await store().sentenceCount()]).toEqual([2, 7]);
    });
  });

  describe('near copies (wire copy)', () => {
    const wire = doc(WIRE, { source: 'Associated Wire', title: 'Dockworkers strike at Valmora', url: 'https://wire.example/valmora-strike' });
    const copyA = doc(COPY_A, { source: 'Daily Harbour', title: 'Strike halts Valmora port', url: 'https://harbour.example/news/strike' });
    const copyB = doc(COPY_B, { source: 'Coastal Times', title: 'Valmora dockers walk out', url: 'https://coastal.example/2026/strike' });
    const own = doc(OWN, { source: 'Valmora Post', title: 'Port at a standstill', url: 'https://post.example/port' });

    it('stores a copy from another outlet as a document of its own, linked to the original by copyOf', async () => {
      const original = await addOne(wire);
      const result = await store().add([copyA]);
      expect(result.duplicates).toEqual([]);
      const copy = result.added[0]!;
      expect(copy.copyOf).toBe(original.id);
      expect(await store().get(copy.id)).toEqual(copy);
      expect((await store().get(original.id))?.copyOf).toBeUndefined();
      expect((await store().recent({ limit: 10 })).find((d) => d.id === copy.id)?.copyOf).toBe(original.id);
      expect((await store().getMany([copy.id]))[0]?.copyOf).toBe(original.id);
      expect(await store().copiesOf(original.id)).toEqual([copy.id]);
      expect(await store().copiesOf(copy.id)).toEqual([original.id]);
      expect(await store().count()).toBe(2);
    });

    it('links every copy to the group\'s first stored document, whichever copy it is closest to, also within a batch', async () => {
      const [b, a] = (await store().add([copyB, copyA])).added;
      expect(a!.copyOf).toBe(b!.id);
      f.clock = new Date(f.clock.getTime() + 60_000);
      // the agency's own text arrives last; it is closest to copy A (same wording throughout), which is in B's group
      const agency = await addOne(wire);
      expect(agency.copyOf).toBe(b!.id);
      expect(await store().copiesOf(b!.id)).toEqual([a!.id, agency.id]);
      expect(await store().copiesOf(agency.id)).toEqual([b!.id, a!.id]);
    });

    it('does not link an independent report of the same event, and a document without copies has none', async () => {
      const original = await addOne(wire);
      const independent = await addOne(own);
      expect(independent.copyOf).toBeUndefined();
      expect(await store().copiesOf(independent.id)).toEqual([]);
      expect(await store().copiesOf(original.id)).toEqual([]);
      expect(await store().copiesOf('d_missing')).toEqual([]);
    });

    it('does not link different stories inside the same boilerplate, nor a daily template with other figures', async () => {
      const stored = (await store().add([
        doc(BOILERPLATE_ONE, { source: 'Harbour Gazette' }),
        doc(BOILERPLATE_TWO, { source: 'Harbour Gazette Weekend' }),
        doc(MARKET_MONDAY, { source: 'Markets Desk' }),
        doc(MARKET_TUESDAY, { source: 'Markets Wire' }),
      ])).added;
      expect(stored).toHaveLength(4);
      expect(stored.map((d) => d.copyOf)).toEqual([undefined, undefined, undefined, undefined]);
    });

    it('never links an outlet\'s documents to each other: its boilerplate and templates are its own', async () => {
      const [a, b] = (await store().add([{ ...copyA, source: 'Coastal Times' }, copyB])).added;
      expect(b!.copyOf).toBeUndefined();
      expect(await store().copiesOf(a!.id)).toEqual([]);
    });

    it('does not link very short texts, however alike', async () => {
      const [a, b] = (await store().add([doc(SHORT_ONE, { source: 'One' }), doc(SHORT_TWO, { source: 'Two' })])).added;
      expect([a?.copyOf, b?.copyOf]).toEqual([undefined, undefined]);
    });

    it('still treats the same text under another URL as a duplicate, not as a copy', async () => {
      const original = await addOne(wire);
      const input = { ...wire, source: 'Elsewhere', url: 'https://elsewhere.example/strike' };
      expect(await store().add([input])).toEqual({ added: [], duplicates: [{ input, existingId: original.id }] });
    });

    it('forgets the copies of a batch that was not stored', async () => {
      const broken = { ...doc('A second article that will not be stored.'), source: null } as unknown as NewDocument;
      await expect(store().add([wire, broken])).rejects.toThrow();
      const copy = await addOne(copyA);
      expect(copy.copyOf).toBeUndefined();
      expect(await store().count()).toBe(1);
    });
  });

  describe('search', () => {
    beforeEach(async () => {
      await store().add([FILLER, doc('Geneva was sunny on Monday.', { source: 'A' }), doc('Delegates arrived by train. Geneva talks resumed after lunch. The Geneva talks ended late.', { source: 'B' })]);
    });
    const both = terms('Geneva talks');

    it('searchSentences() ranks a sentence matching more terms first, best score first, within the limit', async () => {
      const hits = await store().searchSentences(both, 10);
      expect(hits).toHaveLength(3);
      expect(hits[hits.length - 1]!.text).toBe('Geneva was sunny on Monday.');
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
      expect(hits[0]).toMatchObject({ documentId: expect.any(String), index: expect.any(Number), text: expect.stringContaining('Geneva talks') });
      expect(await store().searchSentences(both, 1)).toHaveLength(1);
    });

    it('searchSentences() returns [] for no terms or terms nowhere in the index', async () => {
      expect(await store().searchSentences([], 10)).toEqual([]);
      expect(await store().searchSentences(terms('xylophone'), 10)).toEqual([]);
    });

    it('treats terms that look like query operators as plain words, and never throws on them', async () => {
      await addOne(doc('The shelter is near the river.'));
      expect((await store().searchSentences(terms('near'), 5)).map((h) => h.text)).toEqual(['The shelter is near the river.']);
      const hostile = ['or', 'OR', 'AND', 'NOT', 'NEAR', 'NEAR(', '"', 'a"b', '*', 'geneva*', '^', 'x:y', '(', ')', '-', '+', ''];
      for (const t of hostile) await expect(store().searchSentences([t], 5), t).resolves.toEqual(expect.any(Array));
      await expect(store().searchSentences(terms('"geneva" OR near(talks) AND NOT *'), 5)).resolves.toEqual(expect.any(Array));
      await expect(store().searchDocuments(hostile, 5)).resolves.toEqual(expect.any(Array));
    });

    it('searchDocuments() returns distinct document ids, best first, within the limit', async () => {
      const ids = await store().searchDocuments(both, 10);
      expect(ids).toHaveLength(2);
      expect((await store().get(ids[0]!))?.source).toBe('B');
      expect((await store().get(ids[1]!))?.source).toBe('A');
      expect(await store().searchDocuments(both, 1)).toEqual([ids[0]]);
      expect(await store().searchDocuments([], 5)).toEqual([]);
    });

    it('documentFrequency() counts indexed sentences per term, 0 for an unknown term', async () => {
      const df = await store().documentFrequency([...both, 'xylophone', ...both]);
      expect(df).toEqual(new Map([[both[0]!, 3], [both[1]!, 2], ['xylophone', 0]]));
    });

    it('matches accented and unaccented spellings through terms()', async () => {
      const d = await addOne(doc('Erdoğan met officials in Zürich on Tuesday.'));
      for (const q of ['Erdogan', 'Erdoğan', 'zurich', 'ZÜRICH']) {
        expect((await store().searchSentences(terms(q), 5)).map((h) => h.documentId), q).toEqual([d.id]);
      }
      expect((await store().documentFrequency(terms('Erdoğan'))).get(terms('Erdogan')[0]!)).toBe(1);
    });
  });
});
