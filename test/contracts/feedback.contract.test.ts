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
    it('gives back what a key rates: citations kept, a missing question left absent', () => {
      fb().remember('slack', 'k1', answer);
      fb().remember('slack', 'k2', briefCtx);
      expect(fb().context('slack', 'k1')).toEqual(answer);
      const brief = fb().context('slack', 'k2');
      expect(brief).toEqual(briefCtx);
      expect(brief).not.toHaveProperty('question');
    });

    it('has no context for an unknown key', () => {
      expect(fb().context('slack', 'nope')).toBeUndefined();
      fb().remember('slack', 'k1', answer);
      expect(fb().context('slack', 'K1')).toBeUndefined();
    });

    it('scopes keys by platform: the same key on two platforms is two contexts', () => {
      fb().remember('slack', 'k1', answer);
      fb().remember('discord', 'k1', briefCtx);
      expect(fb().context('slack', 'k1')).toEqual(answer);
      expect(fb().context('discord', 'k1')).toEqual(briefCtx);
      expect(fb().context('console', 'k1')).toBeUndefined();
    });

    it('throws on a repeated key and keeps the first context', () => {
      fb().remember('slack', 'k1', answer);
      expect(() => fb().remember('slack', 'k1', briefCtx)).toThrow();
      expect(fb().context('slack', 'k1')).toEqual(answer);
    });

    it('keeps hostile keys and text as plain data', () => {
      const key = "k'; DROP TABLE feedback_contexts;--";
      const ctx: FeedbackContext = { ...answer, question: '<@U1> said "why"? 🎉 Ереван', answerText: '```code``` \t end' };
      fb().remember('slack', key, ctx);
      expect(fb().context('slack', key)).toEqual(ctx);
    });
  });

  describe('votes', () => {
    beforeEach(() => fb().remember('discord', 'k1', answer));

    it('counts a vote once: a repeat is false, the other vote replaces it', () => {
      expect(fb().vote('discord', 'k1', 'u1', 'down')).toBe(true);
      expect(fb().vote('discord', 'k1', 'u1', 'down')).toBe(false);
      expect(fb().vote('discord', 'k1', 'u1', 'up')).toBe(true);
      expect(fb().vote('discord', 'k1', 'u1', 'up')).toBe(false);
      expect(fb().vote('discord', 'k1', 'u1', 'down')).toBe(true);
    });

    it('keeps votes apart by user, by key and by platform', () => {
      fb().remember('discord', 'k2', answer);
      fb().remember('slack', 'k1', answer);
      expect(fb().vote('discord', 'k1', 'u1', 'up')).toBe(true);
      expect(fb().vote('discord', 'k1', 'u2', 'up')).toBe(true);
      expect(fb().vote('discord', 'k2', 'u1', 'up')).toBe(true);
      expect(fb().vote('slack', 'k1', 'u1', 'up')).toBe(true);
      expect(fb().vote('discord', 'k1', 'u1', 'up')).toBe(false);
    });

    it('a vote on a key never remembered does not create a context (it may throw)', () => {
      try {
        fb().vote('discord', 'unknown', 'u1', 'up');
      } catch {
        // undocumented: SQLite refuses it (the vote refers to the context); callers check context() first
      }
      expect(fb().context('discord', 'unknown')).toBeUndefined();
    });
  });

  describe('record', () => {
    it('is empty at first, then gives the votes back as recorded, oldest first, repeats included', () => {
      expect(fb().all()).toEqual([]);
      const first: Feedback = { platform: 'slack', userId: 'u1', vote: 'up', ...answer };
      const second: Feedback = { platform: 'discord', userId: 'u2', vote: 'down', ...briefCtx };
      fb().record(first);
      f.clock = days(1);
      fb().record(second);
      fb().record(first);
      expect(fb().all()).toEqual([first, second, first]);
      expect(fb().all()[1]).not.toHaveProperty('question');
    });
  });

  describe('prune', () => {
    it('drops contexts created before the cut-off, keeps the rest, and returns how many it dropped', () => {
      fb().remember('slack', 'old', answer);
      f.clock = days(1);
      fb().remember('discord', 'old2', briefCtx);
      f.clock = days(10);
      fb().remember('slack', 'at-cutoff', answer);
      f.clock = days(20);
      fb().remember('slack', 'new', briefCtx);
      expect(fb().prune(days(10))).toBe(2);
      expect(fb().context('slack', 'old')).toBeUndefined();
      expect(fb().context('discord', 'old2')).toBeUndefined();
      expect(fb().context('slack', 'at-cutoff')).toEqual(answer);
      expect(fb().context('slack', 'new')).toEqual(briefCtx);
      expect(fb().prune(days(10))).toBe(0);
    });

    it('drops the votes with their context: the key starts afresh if remembered again', () => {
      fb().remember('slack', 'k1', answer);
      fb().vote('slack', 'k1', 'u1', 'up');
      f.clock = days(5);
      fb().remember('slack', 'k2', answer);
      fb().vote('slack', 'k2', 'u1', 'up');
      expect(fb().prune(days(1))).toBe(1);
      fb().remember('slack', 'k1', briefCtx);
      expect(fb().context('slack', 'k1')).toEqual(briefCtx);
      expect(fb().vote('slack', 'k1', 'u1', 'up')).toBe(true);
      expect(fb().vote('slack', 'k2', 'u1', 'up')).toBe(false);
    });

    it('leaves the feedback record alone', () => {
      fb().remember('slack', 'k1', answer);
      fb().record({ platform: 'slack', userId: 'u1', vote: 'up', ...answer });
      expect(fb().prune(days(1))).toBe(1);
      expect(fb().all()).toHaveLength(1);
    });
  });
});
