// The report keeps a row for ots when it could not be installed, and prints targets as met / not met.
import { describe, expect, it } from 'vitest';
import { computeTargets, renderMarkdown } from '../../eval/report.js';
import type { SummaryEvaluation } from '../../eval/summaries.js';

const score = (r2: number) => ({ rouge1: 0.4, rouge2: r2, rougeL: 0.2, words: 10 });

function evaluation(): SummaryEvaluation {
  const clusters = [
    { id: 'c1', source: 'Multi-News', documents: 2, references: 1, budget: 10, rejected: 0, stories: 1, systems: { briefbot: score(0.2), lead: score(0.1), lexrank: score(0.1) } },
    { id: 'c2', source: 'MultiLing', documents: 3, references: 2, budget: 10, rejected: 0, stories: 3, systems: { briefbot: score(0.1), lead: score(0.1), lexrank: score(0.3) } },
  ];
  const avg = (r2: number) => ({ rouge1: 0.4, rouge2: r2, rougeL: 0.2, clusters: 2, errors: 0 });
  return {
    clusters,
    averages: { briefbot: avg(0.15), lead: avg(0.1), lexrank: avg(0.2), ots: { ...avg(0), clusters: 0, unavailable: 'apt-get install ots failed: E: Unable to locate package ots' } },
    ots: { available: false, reason: 'apt-get install ots failed: E: Unable to locate package ots' },
    multiReference: 'average',
  };
}

describe('report', () => {
  it('keeps the ots row with the reason it did not run', () => {
    const md = renderMarkdown({ commit: 'abc', dirty: false, date: '2026-01-01', elapsedSeconds: 1.5, dataDir: 'x' }, evaluation(), undefined, []);
    expect(md).toMatch(/\| ots 0\.5 .*\| not run: apt-get install ots failed: E: Unable to locate package ots \|/);
    expect(md).toContain('Elapsed: 1.5 s');
  });

  it('prints ROUGE-2 targets against LexRank and Lead', () => {
    const targets = computeTargets(evaluation(), undefined);
    expect(targets.map((t) => [t.name, t.met])).toEqual([
      ['brief ROUGE-2 above LexRank', false],
      ['brief ROUGE-2 above Lead', true],
      ['QA targets', null],
      ['news QA targets', null],
    ]);
  });
});
