// B-cubed on hand-computed cases: perfect, all-in-one, all singletons, Bagga & Baldwin's own example,
// a mixed case, and the handling of items missing from (or unknown to) the prediction.
import { describe, expect, it } from 'vitest';
import { bcubed, meanItemScores } from '../../eval/bcubed.js';

const gold = [['a', 'b', 'c'], ['d', 'e']];

describe('bcubed', () => {
  it('scores a perfect prediction 1, whatever the order of groups and items', () => {
    const s = bcubed([['e', 'd'], ['c', 'a', 'b']], gold);
    expect([s.precision, s.recall, s.f1]).toEqual([1, 1, 1]);
    expect(s.items).toBe(5);
    expect(s.groups).toBe(2);
    expect(s.missing).toEqual([]);
  });

  it('scores all-in-one: recall 1, precision Σ n_k² / N²', () => {
    const s = bcubed([['a', 'b', 'c', 'd', 'e']], gold);
    // a, b, c: 3/5 each; d, e: 2/5 each → (9/5 + 4/5) / 5 = 13/25
    expect(s.precision).toBeCloseTo(13 / 25, 12);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo(13 / 19, 12);
  });

  it('scores all singletons: precision 1, recall K / N', () => {
    const s = bcubed([['a'], ['b'], ['c'], ['d'], ['e']], gold);
    // a, b, c: 1/3 each; d, e: 1/2 each → 2 / 5
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(2 / 5, 12);
    expect(s.f1).toBeCloseTo(4 / 7, 12);
  });

  it("reproduces Bagga & Baldwin's example: two chains wrongly merged", () => {
    // truth {1..5} {6,7} {8,9,A,B,C}; response {1..5} {6,7,8,9,A,B,C}: precision 16/21 (76%), recall 100%
    const truth = [['1', '2', '3', '4', '5'], ['6', '7'], ['8', '9', 'A', 'B', 'C']];
    const response = [['1', '2', '3', '4', '5'], ['6', '7', '8', '9', 'A', 'B', 'C']];
    const s = bcubed(response, truth);
    // 1–5: 1; 6, 7: 2/7; 8–C: 5/7 → (5 + 4/7 + 25/7) / 12 = 16/21
    expect(s.precision).toBeCloseTo(16 / 21, 12);
    expect(s.recall).toBe(1);
    expect(s.f1).toBeCloseTo(32 / 37, 12);
  });

  it('scores a split and a merge together', () => {
    const s = bcubed([['1', '2'], ['3', '4', '5'], ['6']], [['1', '2', '3', '4'], ['5', '6']]);
    // precision: 1, 1, 2/3, 2/3, 1/3, 1 → 7/9; recall: 1/2 for every item
    expect(s.precision).toBeCloseTo(7 / 9, 12);
    expect(s.recall).toBeCloseTo(1 / 2, 12);
    expect(s.f1).toBeCloseTo(14 / 23, 12);
    expect(s.perItem.find((x) => x.id === '5')).toEqual({ id: '5', precision: 1 / 3, recall: 1 / 2 });
    expect(meanItemScores(s.perItem.filter((x) => ['5', '6'].includes(x.id)))).toEqual({ precision: 2 / 3, recall: 1 / 2 });
  });

  it('counts items missing from the prediction as singletons, and says which', () => {
    const s = bcubed([['a']], [['a', 'b'], ['c']]);
    // groups {a} {b} {c}: precision 1; recall 1/2, 1/2, 1 → 2/3
    expect(s.missing).toEqual(['b', 'c']);
    expect(s.groups).toBe(3);
    expect(s.precision).toBe(1);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    // an empty prediction is all singletons
    const none = bcubed([], gold);
    const singles = bcubed([['a'], ['b'], ['c'], ['d'], ['e']], gold);
    expect([none.precision, none.recall, none.f1]).toEqual([singles.precision, singles.recall, singles.f1]);
    expect(none.missing).toHaveLength(5);
  });

  it('drops predicted items that are in no gold cluster, and says which', () => {
    const s = bcubed([['a', 'b', 'x'], ['c', 'd', 'e'], ['y']], gold);
    expect(s.unknown).toEqual(['x', 'y']);
    expect(s.groups).toBe(2);
    // {a,b} and {c,d,e}: a, b: 1, 2/3; c: 1/3, 1/3; d, e: 2/3, 1
    expect(s.precision).toBeCloseTo((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5, 12);
    expect(s.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 12);
  });

  it('refuses overlapping groups and an empty gold', () => {
    expect(() => bcubed([['a', 'b'], ['b']], gold)).toThrow(/more than one predicted group/);
    expect(() => bcubed([], [['a'], ['a', 'b']])).toThrow(/more than one gold cluster/);
    expect(() => bcubed([], [])).toThrow(/no items/);
  });
});
