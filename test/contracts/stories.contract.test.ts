// Contract of persistent stories (Document.storyId, src/stories/incremental.ts), for every backend: a document
// joins a story when it is stored, and the story keeps its id as documents arrive.
import { describe, expect, it } from 'vitest';
import type { NewDocument } from '../../src/domain.js';
import { HARVEST, MOSCOW_A, MOSCOW_B, MOSCOW_C, SOCHI } from '../fixtures/stories.js';
import { backends, storagePerTest } from './backends.js';

describe.each(backends)('stories contract on $name', (backend) => {
  const f = storagePerTest(backend, '2021-04-09T06:00:00.000Z');
  const add = async (...docs: NewDocument[]) => (await f.storage.documents.add(docs)).added;

  it('gives every stored document a story: two outlets on one event share it (spelling apart), another event has its own', async () => {
    const [a, harvest] = await add(MOSCOW_A, HARVEST);
    const [b] = await add(MOSCOW_B);
    expect(a!.storyId).toEqual(expect.any(String));
    expect(b!.storyId).toBe(a!.storyId);
    expect(harvest!.storyId).not.toBe(a!.storyId);
    expect((await f.storage.documents.get(b!.id))?.storyId).toBe(a!.storyId);
  });

  it('keeps a story\'s id as documents join it, within a batch and across batches', async () => {
    const [a, b] = await add(MOSCOW_A, MOSCOW_B);
    const first = a!.storyId;
    expect(b!.storyId).toBe(first);
    const [c] = await add(MOSCOW_C);
    expect(c!.storyId).toBe(first);
    expect((await f.storage.documents.getMany([a!.id, b!.id])).map((d) => d.storyId)).toEqual([first, first]);
  });

  it('does not join the same people months apart into one story (the date window)', async () => {
    const [a] = await add(MOSCOW_A);
    const [sochi] = await add(SOCHI);
    expect(sochi!.storyId).not.toBe(a!.storyId);
  });

  it('lets an undated document join a dated story, and a dated one join a story of undated documents', async () => {
    const { publishedAt: _a, ...undatedA } = MOSCOW_A;
    const [a] = await add(undatedA);
    const [b] = await add(MOSCOW_B);
    expect(b!.storyId).toBe(a!.storyId);
    const { publishedAt: _c, ...undatedC } = MOSCOW_C;
    const [c] = await add(undatedC);
    expect(c!.storyId).toBe(a!.storyId);
  });

  it('forgets the story a batch started when the batch was not stored', async () => {
    const bad = { ...HARVEST, source: null } as unknown as NewDocument;
    await expect(f.storage.documents.add([MOSCOW_A, bad])).rejects.toThrow();
    expect(await f.storage.documents.count()).toBe(0);
    const [b] = await add(MOSCOW_B);
    const [a] = await add(MOSCOW_A);
    expect(a!.storyId).toBe(b!.storyId);
    // the story is named after the document that started it in the batch that was stored
    expect(b!.storyId).toContain(b!.id.replace(/^d_/, ''));
  });

  it('keeps a story while one of its documents is left, and forgets its documents when retention drops them', async () => {
    const [a] = await add(MOSCOW_A);
    f.clock = new Date('2021-04-10T06:00:00.000Z');
    const [b] = await add(MOSCOW_B);
    expect(await f.storage.documents.deleteIngestedBefore('2021-04-10T00:00:00.000Z', 10)).toBe(1);
    const [c] = await add(MOSCOW_C);
    expect(c!.storyId).toBe(a!.storyId);
    expect((await f.storage.documents.get(b!.id))?.storyId).toBe(a!.storyId);
  });
});
