// Contract of the FeedbackRepository port (src/store/repositories.ts), for every backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Feedback, FeedbackContext } from '../../src/domain.js';
import { backends, storagePerTest } from './backends.js';

const answer: FeedbackContext = {
  kind: 'answer',
  question: 'How many doses?',
  answerText: 'Armenia got 15,000 doses.',
  citations: [
    { documentId: 'd1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', quote: 'the first 15,000 doses' },
    { documentId: 'd2', source: 'Wire', title: 'Shipment “lands”', quote: 'doses landed @everyone <!channel>' },
  ],
};
const briefCtx: FeedbackContext = { kind: 'brief', answerText: 'A brief.', citations: [] }; // no question: stays absent

describe.each(backends)('FeedbackRepository contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-01-01T00:00:00.000Z');
  const fb = () => f.storage.feedback;
  const days = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

  describe('contexts', () => {
    it('gives back what a key rates: citations kept, a missing question left absent', async () => {
      await fb().remember('slack', 'k1', answer);
      await fb().remember('slack', 'k2', briefCtx);
      expect(await fb().context('slack', 'k1')).toEqual(answer);
      const brief = await fb().context('slack', 'k2');
      expect(brief).toEqual(briefCtx);
      expect(brief).not.toHaveProperty('question');
    });

    it('has no context for an unknown key', async () => {
      expect(await fb().context('slack', 'nope')).toBeUndefined();
      await fb().remember('slack', 'k1', answer);
      expect(await fb().context('slack', 'K1')).toBeUndefined();
    });

    it('scopes keys by platform: the same key on two platforms is two contexts', async () => {
      await fb().remember('slack', 'k1', answer);
      await fb().remember('discord', 'k1', briefCtx);
      expect(await fb().context('slack', 'k1')).toEqual(answer);
      expect(await fb().context('discord', 'k1')).toEqual(briefCtx);
      expect(await fb().context('console', 'k1')).toBeUndefined();
    });

    it('throws on a repeated key and keeps the first context', async () => {
      await fb().remember('slack', 'k1', answer);
      await expect(fb().remember('slack', 'k1', briefCtx)).rejects.toThrow();
      expect(await fb().context('slack', 'k1')).toEqual(answer);
    });

    it('keeps hostile keys and text as plain data', async () => {
      const key = "k'; DROP TABLE feedback_contexts;--";
      const ctx: FeedbackContext = { ...answer, question: '<@U1> said "why"? 🎉 Ереван', answerText: '```code``` \t end' };
      await fb().remember('slack', key, ctx);
      expect(await fb().context('slack', key)).toEqual(ctx);
    });
  });

  describe('votes', () => {
    beforeEach(() => fb().remember('discord', 'k1', answer));

    it('counts a vote once: a repeat is false, the other vote replaces it', async () => {
      expect(await fb().vote('discord', 'k1', 'u1', 'down')).toBe(true);
      expect(await fb().vote('discord', 'k1', 'u1', 'down')).toBe(false);
      expect(await fb().vote('discord', 'k1', 'u1', 'up')).toBe(true);
      expect(await fb().vote('discord', 'k1', 'u1', 'up')).toBe(false);
      expect(await fb().vote('discord', 'k1', 'u1', 'down')).toBe(true);
    });

    it('keeps votes apart by user, by key and by platform', async () => {
      await fb().remember('discord', 'k2', answer);
      await fb().remember('slack', 'k1', answer);
      expect(await fb().vote('discord', 'k1', 'u1', 'up')).toBe(true);
      expect(await fb().vote('discord', 'k1', 'u2', 'up')).toBe(true);
      expect(await fb().vote('discord', 'k2', 'u1', 'up')).toBe(true);
      expect(await fb().vote('slack', 'k1', 'u1', 'up')).toBe(true);
      expect(await fb().vote('discord', 'k1', 'u1', 'up')).toBe(false);
    });

    it('a vote on a key never remembered does not create a context (it may throw)', async () => {
      try {
        await fb().vote('discord', 'unknown', 'u1', 'up');
      } catch {
        // undocumented: SQLite and PostgreSQL refuse it (the vote refers to the context); callers check context() first
      }
      expect(await fb().context('discord', 'unknown')).toBeUndefined();
    });
  });

  describe('record', () => {
    it('is empty at first, then gives the votes back as recorded, oldest first, repeats included', async () => {
      expect(await fb().all()).toEqual([]);
      const first: Feedback = { platform: 'slack', userId: 'u1', vote: 'up', ...answer };
      const second: Feedback = { platform: 'discord', userId: 'u2', vote: 'down', ...briefCtx };
      await fb().record(first);
      f.clock = days(1);
      await fb().record(second);
      await fb().record(first);
      expect(await fb().all()).toEqual([first, second, first]);
      expect((await fb().all())[1]).not.toHaveProperty('question');
    });
  });

  describe('prune', () => {
    it('drops contexts created before the cut-off, keeps the rest, and returns how many it dropped', async () => {
      await fb().remember('slack', 'old', answer);
      f.clock = days(1);
      await fb().remember('discord', 'old2', briefCtx);
      f.clock = days(10);
      await fb().remember('slack', 'at-cutoff', answer);
      f.clock = days(20);
      await fb().remember('slack', 'new', briefCtx);
      expect(await fb().prune(days(10))).toBe(2);
      expect(await fb().context('slack', 'old')).toBeUndefined();
      expect(await fb().context('discord', 'old2')).toBeUndefined();
      expect(await fb().context('slack', 'at-cutoff')).toEqual(answer);
      expect(await fb().context('slack', 'new')).toEqual(briefCtx);
      expect(await fb().prune(days(10))).toBe(0);
    });

    it('drops the votes with their context: the key starts afresh if remembered again', async () => {
      await fb().remember('slack', 'k1', answer);
      await fb().vote('slack', 'k1', 'u1', 'up');
      f.clock = days(5);
      await fb().remember('slack', 'k2', answer);
      await fb().vote('slack', 'k2', 'u1', 'up');
      expect(await fb().prune(days(1))).toBe(1);
      await fb().remember('slack', 'k1', briefCtx);
      expect(await fb().context('slack', 'k1')).toEqual(briefCtx);
      expect(await fb().vote('slack', 'k1', 'u1', 'up')).toBe(true);
      expect(await fb().vote('slack', 'k2', 'u1', 'up')).toBe(false);
    });

    it('leaves the feedback record alone', async () => {
      await fb().remember('slack', 'k1', answer);
      await fb().record({ platform: 'slack', userId: 'u1', vote: 'up', ...answer });
      expect(await fb().prune(days(1))).toBe(1);
      expect(await fb().all()).toHaveLength(1);
    });
  });
});
