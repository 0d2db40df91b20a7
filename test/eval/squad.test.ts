// SQuAD's normalisation, exact match and token F1, and the top-1 "contains a gold answer" check.
import { describe, expect, it } from 'vitest';
import { bestSpanScores, containsGold, exactMatch, normaliseAnswer, tokenF1 } from '../../eval/squad.js';

describe('normaliseAnswer', () => {
  it('lower-cases, strips ASCII punctuation and articles, collapses whitespace', () => {
    expect(normaliseAnswer('The  Eiffel Tower!')).toBe('eiffel tower');
    expect(normaliseAnswer('an apple, a pear')).toBe('apple pear');
    expect(normaliseAnswer('U.S.')).toBe('us');
    // articles only as whole words
    expect(normaliseAnswer('Theatre and Anthem')).toBe('theatre and anthem');
  });
});

describe('exact match and F1', () => {
  it('matches after normalisation', () => {
    expect(exactMatch('the Eiffel Tower', 'Eiffel Tower.')).toBe(true);
    expect(exactMatch('Eiffel', 'Eiffel Tower')).toBe(false);
  });

  it('computes token F1 by hand', () => {
    // prediction: eiffel tower paris (3) / gold: eiffel tower (2): common 2 → P = 2/3, R = 1 → F = 0.8
    expect(tokenF1('the Eiffel Tower, Paris', 'Eiffel Tower')).toBeCloseTo(0.8, 10);
    // no overlap
    expect(tokenF1('London', 'Paris')).toBe(0);
    // repeated tokens are clipped: "paris paris" vs "paris" → common 1, P = 1/2, R = 1 → 2/3
    expect(tokenF1('Paris Paris', 'Paris')).toBeCloseTo(2 / 3, 10);
  });

  it('takes the best score over gold answers', () => {
    expect(bestSpanScores('in 1889', ['1889', 'the year 1889'])).toEqual({ em: 0, f1: expect.closeTo(2 / 3, 10) as number });
    expect(bestSpanScores('1889', ['1889', 'the year 1889']).em).toBe(1);
  });
});

describe('containsGold', () => {
  it('is case-insensitive and whitespace-normalised', () => {
    expect(containsGold('It was built  in\n1889 by Eiffel.', ['in 1889'])).toBe(true);
    expect(containsGold('It opened in 1889.', ['EIFFEL'])).toBe(false);
    expect(containsGold('Gustave EIFFEL built it.', ['nothing', 'eiffel'])).toBe(true);
  });
});
