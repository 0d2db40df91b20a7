// ROUGE through js-rouge, checked against counts done by hand.
import { describe, expect, it } from 'vitest';
import { rouge, rougeTokens, truncateWords, wordBudget, wordCount } from '../../eval/rouge.js';

describe('rougeTokens', () => {
  it('lower-cases, splits on non-alphanumerics and Porter-stems tokens longer than 3 characters', () => {
    expect(rougeTokens('The Dogs were RUNNING, fast!')).toEqual(['the', 'dog', 'were', 'run', 'fast']);
    expect(rougeTokens('U.S.-led talks (2019)')).toEqual(['u', 's', 'led', 'talk', '2019']);
    expect(rougeTokens('  ,, ')).toEqual([]);
  });
});

describe('rouge', () => {
  it('scores overlaps counted by hand', () => {
    // candidate: the cat sat on the mat / reference: the cat lay on the mat
    // unigrams: the×2, cat, on, mat match → 5 of 6 each way → F = 5/6
    // bigrams: "the cat", "on the", "the mat" match → 3 of 5 each way → F = 0.6
    // LCS: the cat on the mat → 5 → F = 5/6
    const s = rouge('the cat sat on the mat', ['the cat lay on the mat']);
    expect(s.rouge1).toBeCloseTo(5 / 6, 10);
    expect(s.rouge2).toBeCloseTo(0.6, 10);
    expect(s.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('clips repeated n-grams to their count in the reference', () => {
    // candidate "the the the" vs "the cat": 1 match; P = 1/3, R = 1/2, F = 2·(1/6)/(5/6) = 0.4
    const s = rouge('the the the', ['the cat']);
    expect(s.rouge1).toBeCloseTo(0.4, 10);
    expect(s.rouge2).toBe(0);
  });

  it('stems before matching and ignores case and punctuation', () => {
    // "Running dogs." → run dog; "dogs run" → dog run: unigrams all match, no bigram does, LCS = 1 of 2
    const s = rouge('Running dogs.', ['dogs run']);
    expect(s.rouge1).toBeCloseTo(1, 10);
    expect(s.rouge2).toBe(0);
    expect(s.rougeL).toBeCloseTo(0.5, 10);
    expect(rouge('Hello, World!', ['hello world']).rouge2).toBeCloseTo(1, 10);
  });

  it('uses the whole-text LCS for ROUGE-L, not a bag of words', () => {
    // candidate: a b c d / reference: d c b a → LCS length 1 → P = R = 1/4
    const s = rouge('alpha beta gamma delta', ['delta gamma beta alpha']);
    expect(s.rouge1).toBeCloseTo(1, 10);
    expect(s.rougeL).toBeCloseTo(0.25, 10);
  });

  it('averages over several references', () => {
    // against "cats bark" R1 = 1; against "birds sing" R1 = 0 → mean 0.5
    const s = rouge('cats bark', ['cats bark', 'birds sing']);
    expect(s.rouge1).toBeCloseTo(0.5, 10);
    expect(s.rouge2).toBeCloseTo(0.5, 10);
  });

  it('scores an empty candidate 0 instead of throwing', () => {
    expect(rouge('', ['anything at all'])).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });
});

describe('budget helpers', () => {
  it('counts and cuts whitespace-separated words', () => {
    expect(wordCount(' one  two\nthree ')).toBe(3);
    expect(truncateWords('one two three four', 2)).toBe('one two');
    expect(truncateWords('one two', 5)).toBe('one two');
  });

  it('uses the mean reference length as the budget', () => {
    expect(wordBudget(['a b c d', 'a b'])).toBe(3);
    expect(wordBudget(['a b c'])).toBe(3);
  });
});
