// The learned-abstention diagnostic: cross-validated, so it finds a separating signal when there is one
// and cannot invent one from noise.
import { describe, expect, it } from 'vitest';
import { abstentionDiagnostic, type AbstentionItem } from '../../eval/abstention.js';
import { mulberry32 } from '../../bench/corpus.js';

function items(separable: boolean, seed: number): AbstentionItem[] {
  const rand = mulberry32(seed);
  return Array.from({ length: 200 }, (_, i) => {
    const answerable = i % 2 === 0;
    // answerable items' top sentence is right 9 times in 10
    const topCorrect = answerable && i % 20 !== 0;
    const noise = [rand(), rand(), rand()];
    // the informative signal marks exactly the items whose top sentence is right
    return { answerable, topCorrect, signals: separable ? [topCorrect ? 1 + rand() : rand(), ...noise] : noise };
  });
}

describe('abstentionDiagnostic', () => {
  it('reaches both targets when one signal separates right answers from the rest', () => {
    const d = abstentionDiagnostic(items(true, 1));
    expect(d.ceiling).toBeCloseTo(0.9, 6);
    expect(d.bothTargets).toBe(true);
    // each fold's model is fitted without the items it scores, so the split may be off by a few items
    expect(d.bestAccuracy.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('finds no such point when the signals are noise', () => {
    const d = abstentionDiagnostic(items(false, 2));
    expect(d.bothTargets).toBe(false);
    // refusing more costs answerable questions about one for one
    expect(d.atAnswerable80?.unanswerableRefused ?? 0).toBeLessThan(0.35);
  });

  it('is reproducible: the same items give the same frontier', () => {
    expect(abstentionDiagnostic(items(false, 3))).toEqual(abstentionDiagnostic(items(false, 3)));
  });
});
