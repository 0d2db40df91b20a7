// The LexRank and Lead baselines: sentences come from the input, the budget holds, centrality behaves.
import { describe, expect, it } from 'vitest';
import { fillBudget } from '../../eval/baselines/budget.js';
import { leadOrder, leadSummary } from '../../eval/baselines/lead.js';
import { lexRankOrder, lexRankScores, lexRankSummary } from '../../eval/baselines/lexrank.js';
import { singleLinkGroups } from '../../eval/baselines/single-link.js';
import { wordCount } from '../../eval/rouge.js';

const docs = [
  'The river flooded the old town on Monday. Rescue teams evacuated two hundred residents from the flooded town. A bakery reopened later.',
  'Heavy rain made the river flood the town. Residents of the town were evacuated by rescue teams. The mayor thanked volunteers.',
  'Flood waters from the river reached the town centre. The football match was postponed.',
];

const inputSentences = docs.flatMap((d) => d.split(/(?<=\.)\s+/));

describe('LexRank', () => {
  it('gives scores that sum to 1 and ranks the hub of the similarity graph first', () => {
    const hub = 'The river flood hit the town and rescue teams came.';
    const sentences = ['The river flood was severe.', 'Rescue teams worked all night.', hub, 'The town was quiet.', 'The football match was postponed.'];
    const scores = lexRankScores(sentences);
    expect(scores).toHaveLength(sentences.length);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(lexRankOrder(sentences)[0]).toBe(hub);
    // a sentence similar to nothing keeps only its own share: no more than a uniform score
    expect(scores[4]).toBeCloseTo(1 / sentences.length, 6);
  });

  it('returns whole sentences from the input and respects the budget', () => {
    for (const budget of [5, 12, 30, 1000]) {
      const summary = lexRankSummary(docs, budget);
      expect(wordCount(summary)).toBeLessThanOrEqual(budget);
      expect(summary.length).toBeGreaterThan(0);
      // the summary is the ranking's whole input sentences, in rank order, the last one possibly cut
      const ranked = lexRankOrder(inputSentences);
      expect(ranked.slice().sort()).toEqual(inputSentences.slice().sort());
      const prefixOfRanking = ranked.join(' ').split(/\s+/).slice(0, wordCount(summary)).join(' ');
      expect(summary).toBe(prefixOfRanking);
    }
  });

  it('handles empty input', () => {
    expect(lexRankScores([])).toEqual([]);
    expect(lexRankSummary([], 10)).toBe('');
  });
});

describe('Lead', () => {
  it('interleaves first sentences across documents', () => {
    expect(leadOrder([['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2']])).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('respects the budget', () => {
    const summary = leadSummary(docs, 20);
    expect(wordCount(summary)).toBe(20);
    expect(summary.startsWith('The river flooded the old town on Monday. Heavy rain made the river flood the town.')).toBe(true);
  });
});

describe('fillBudget', () => {
  it('stops once the budget is reached and cuts the last sentence', () => {
    expect(fillBudget(['one two three.', 'four five six.', 'seven.'], 4)).toBe('one two three. four');
    expect(fillBudget(['one two.'], 10)).toBe('one two.');
  });
});

describe('single-link clustering baseline', () => {
  // n = 4 texts; df(beta) = df(gamma) = 2, the others 1: cos(0, 1) = cos(1, 2) = ln2² / (√(ln²4 + ln²2) · √2 ln2) ≈ 0.316, cos(0, 2) = 0
  const chain = ['alpha beta', 'beta gamma', 'gamma delta', 'omega psi'];

  it('joins documents by any link at or above the threshold (so chains join), and keeps the rest apart', () => {
    expect(singleLinkGroups(chain, 0.3)).toEqual([[0, 1, 2], [3]]);
    expect(singleLinkGroups(chain, 0.32)).toEqual([[0], [1], [2], [3]]);
  });

  it('puts identical documents together and handles no input', () => {
    expect(singleLinkGroups(['the river flooded the town', 'a football match', 'the river flooded the town'])).toEqual([[0, 2], [1]]);
    expect(singleLinkGroups([])).toEqual([]);
  });
});
