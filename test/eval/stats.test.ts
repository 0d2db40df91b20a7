// Paired comparison of per-cluster scores.
import { describe, expect, it } from 'vitest';
import { pairedComparison } from '../../eval/stats.js';

describe('pairedComparison', () => {
  it('counts wins, ties and losses and brackets the mean difference', () => {
    const p = pairedComparison([0.3, 0.2, 0.5, 0.1], [0.1, 0.2, 0.4, 0.2]);
    expect([p.wins, p.ties, p.losses]).toEqual([2, 1, 1]);
    // differences 0.2, 0, 0.1, -0.1 → mean 0.05
    expect(p.meanDiff).toBeCloseTo(0.05, 10);
    expect(p.low).toBeLessThanOrEqual(p.meanDiff);
    expect(p.high).toBeGreaterThanOrEqual(p.meanDiff);
    expect(pairedComparison([0.3, 0.2], [0.3, 0.2], 100, 7)).toEqual(pairedComparison([0.3, 0.2], [0.3, 0.2], 100, 7));
  });
});
