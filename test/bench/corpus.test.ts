import { describe, expect, it } from 'vitest';
import { CorpusPlan, generateCorpus } from '../../bench/corpus.js';
import { NewDocument } from '../../src/domain.js';

describe('bench corpus generator', () => {
  it('gives the same documents, questions and topics for the same seed', () => {
    const a = generateCorpus({ documents: 300, seed: 7 });
    const b = generateCorpus({ documents: 300, seed: 7 });
    expect(b.documents).toEqual(a.documents);
    expect(b.questions).toEqual(a.questions);
    expect(b.topics).toEqual(a.topics);
    const c = generateCorpus({ documents: 300, seed: 8 });
    expect(c.documents[0]!.text).not.toEqual(a.documents[0]!.text);
  });

  it('produces the requested number of valid, distinct documents', () => {
    for (const n of [1, 37, 1000]) {
      const { documents } = generateCorpus({ documents: n, seed: 1 });
      expect(documents).toHaveLength(n);
      expect(new Set(documents.map((d) => d.text)).size).toBe(n);
      expect(new Set(documents.map((d) => d.url)).size).toBe(n);
    }
    const { documents } = generateCorpus({ documents: 200, seed: 3 });
    for (const d of documents.slice(0, 50)) expect(() => NewDocument.parse(d)).not.toThrow();
  });

  it('has several outlets per story and dates spread over about 60 days', () => {
    const plan = new CorpusPlan({ documents: 1000, seed: 42 });
    const counts = Array.from({ length: plan.storyCount - 1 }, (_, k) => plan.story(k).outlets.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    const { documents } = generateCorpus({ documents: 1000, seed: 42 });
    const titlesBySource = new Map<string, number>();
    for (const d of documents) titlesBySource.set(d.source, (titlesBySource.get(d.source) ?? 0) + 1);
    expect(titlesBySource.size).toBeGreaterThan(5);
    const days = documents.map((d) => Date.parse(d.publishedAt!) / 86_400_000);
    expect(Math.max(...days) - Math.min(...days)).toBeGreaterThan(50);
    expect(Math.max(...days) - Math.min(...days)).toBeLessThan(63);
  });

  it('derives answerable and off-topic questions', () => {
    const { documents, questions } = generateCorpus({ documents: 500, seed: 5 });
    expect(questions).toHaveLength(200);
    const off = questions.filter((q) => q.kind === 'off-topic');
    expect(off.length).toBe(40);
    const all = documents.map((d) => d.text).join('\n');
    for (const q of questions.filter((x) => x.kind !== 'off-topic')) expect(all).toContain(q.expected!);
  });
});
