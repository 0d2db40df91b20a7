// Contract of the PostedDigests port (src/store/repositories.ts), for every backend.
import { describe, expect, it } from 'vitest';
import { Brief } from '../../src/domain.js';
import { backends, storagePerTest } from './backends.js';

const citation = { documentId: 'd_1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', quote: 'the first 15,000 doses' };
/** A small valid brief; `tag` tells briefs apart. */
const brief = (tag: string): Brief => Brief.parse({
  generatedAt: '2026-06-01T08:00:00.000Z',
  request: { topic: 'vaccines', maxStories: 3 },
  method: 'extractive',
  notes: [tag, 'Heads up @everyone <!channel> “quoted” 🎉'],
  stories: [{
    id: `s-${tag}`,
    headline: 'Armenia receives vaccine doses',
    documents: [{ documentId: 'd_1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', publishedAt: '2026-05-31' },
      { documentId: 'd_2', source: 'Wire', title: 'Shipment lands' }],
    keyPoints: [{ text: 'Armenia got 15,000 doses.', citations: [citation] }],
    agreement: [],
    differences: [{ text: 'Only one outlet named the supplier.', citations: [{ documentId: 'd_2', source: 'Wire', title: 'Shipment lands', quote: 'a supplier' }], onlyIn: 'OC Media' }],
    timespan: { from: '2026-05-30' },
  }],
});

describe.each(backends)('PostedDigests contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T08:00:00.000Z');
  const posts = () => f.storage.posts;

  it('finds the brief, equal to what was recorded, under its first message and every later one', async () => {
    const a = brief('A');
    await posts().record('slack', 'C1', ['100.1', '100.2', '100.3'], a, f.clock);
    for (const m of ['100.1', '100.2', '100.3']) expect(await posts().find('slack', 'C1', m), m).toEqual(a);
  });

  it('a digest of a single message is found under it', async () => {
    await posts().record('discord', 'D1', ['m1'], brief('A'), f.clock);
    expect(await posts().find('discord', 'D1', 'm1')).toEqual(brief('A'));
  });

  it('returns undefined for a message that is not part of a recorded digest', async () => {
    expect(await posts().find('slack', 'C1', '100.1')).toBeUndefined();
    await posts().record('slack', 'C1', ['100.1', '100.2'], brief('A'), f.clock);
    expect(await posts().find('slack', 'C1', '100.9')).toBeUndefined();
    expect(await posts().find('slack', 'C1', '')).toBeUndefined();
  });

  it('scopes messages by platform and by channel', async () => {
    await posts().record('slack', 'C1', ['m1', 'm2'], brief('A'), f.clock);
    await posts().record('discord', 'C1', ['m1'], brief('B'), f.clock);
    expect(await posts().find('slack', 'C1', 'm1')).toEqual(brief('A'));
    expect(await posts().find('discord', 'C1', 'm1')).toEqual(brief('B'));
    expect(await posts().find('discord', 'C1', 'm2')).toBeUndefined();
    expect(await posts().find('slack', 'C2', 'm1')).toBeUndefined();
    expect(await posts().find('slack', 'c1', 'm1')).toBeUndefined();
    expect(await posts().find('console', 'C1', 'm1')).toBeUndefined();
  });

  it('keeps digests in one channel apart', async () => {
    await posts().record('slack', 'C1', ['m1', 'm2'], brief('A'), f.clock);
    await posts().record('slack', 'C1', ['m3', 'm4'], brief('B'), f.clock);
    const notes = [];
    for (const m of ['m1', 'm2', 'm3', 'm4']) notes.push((await posts().find('slack', 'C1', m))?.notes[0]);
    expect(notes).toEqual(['A', 'A', 'B', 'B']);
  });

  it('records nothing when there are no message ids', async () => {
    await expect(posts().record('slack', 'C1', [], brief('A'), f.clock)).resolves.toBeUndefined();
    expect(await posts().find('slack', 'C1', '')).toBeUndefined();
    await posts().record('slack', 'C1', ['m1'], brief('B'), f.clock);
    expect(await posts().find('slack', 'C1', 'm1')).toEqual(brief('B'));
  });

  it('re-recording the same messages replaces the brief under all of them', async () => {
    await posts().record('slack', 'C1', ['m1', 'm2'], brief('A'), f.clock);
    await posts().record('slack', 'C1', ['m1', 'm2'], brief('B'), new Date(f.clock.getTime() + 60_000));
    expect(await posts().find('slack', 'C1', 'm1')).toEqual(brief('B'));
    expect(await posts().find('slack', 'C1', 'm2')).toEqual(brief('B'));
  });

  it('a message recorded again as part of another digest leads to that digest', async () => {
    await posts().record('slack', 'C1', ['m1', 'm2'], brief('A'), f.clock);
    await posts().record('slack', 'C1', ['m2', 'm3'], brief('B'), f.clock);
    expect(await posts().find('slack', 'C1', 'm1')).toEqual(brief('A'));
    expect(await posts().find('slack', 'C1', 'm2')).toEqual(brief('B'));
    expect(await posts().find('slack', 'C1', 'm3')).toEqual(brief('B'));
  });

  it('keeps hostile message and channel ids as plain data', async () => {
    const ids = ["m'; DROP TABLE digest_posts;--", '%', '_'];
    await posts().record('slack', "C'1", ids, brief('A'), f.clock);
    for (const m of ids) expect(await posts().find('slack', "C'1", m), m).toEqual(brief('A'));
    expect(await posts().find('slack', "C'1", 'x')).toBeUndefined();
  });
});
