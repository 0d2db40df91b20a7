// The clustering measurement on hand-made clusters (not the evaluation data): the date-gap ceiling, the
// baselines' exact B-cubed, and the bookkeeping of dates and of documents left out of the stories.
import { describe, expect, it } from 'vitest';
import { CLUSTER_SYSTEM_LABELS, evaluateClusters, splitAtDateGaps } from '../../eval/clusters.js';
import type { Cluster } from '../../eval/data.js';
import { renderMarkdown } from '../../eval/report.js';

describe('splitAtDateGaps', () => {
  it('cuts where consecutive dates are more than the window apart, keeping undated items with the first part', () => {
    const items = [
      { id: 'c', date: '2020-01-08' },
      { id: 'a', date: '2020-01-01' },
      { id: 'u' },
      { id: 'b', date: '2020-01-04' },
      { id: 'd', date: '2021-06-01' },
    ];
    // a → b is 3 days (kept), b → c is 4 days (cut), c → d is over a year (cut)
    expect(splitAtDateGaps(items, 3)).toEqual([['a', 'b', 'u'], ['c'], ['d']]);
    expect(splitAtDateGaps([{ id: 'u' }], 3)).toEqual([['u']]);
    expect(splitAtDateGaps([], 3)).toEqual([]);
  });
});

const doc = (text: string, date?: string) => ({ title: '', text, ...(date ? { date } : {}) });
const clusters: Cluster[] = [
  {
    id: 'flood',
    source: 'hand-made',
    references: ['x'],
    documents: [
      doc('The river Avon flooded the old town of Bath on Monday after three days of heavy rain. Rescue teams evacuated two hundred residents from flooded streets near the river.'),
      doc('Heavy rain made the river Avon burst its banks in Bath. Rescue teams evacuated residents of the flooded streets by boat, and the council opened a shelter for evacuated families.'),
    ],
  },
  {
    id: 'final',
    source: 'hand-made',
    references: ['x'],
    documents: [
      doc('Rovers won the cup final against United with a late goal from their striker. The striker scored in the ninetieth minute after United missed a penalty.', '3 March 2015'),
      doc('A late goal from the Rovers striker won the cup final. United missed a penalty in the second half, and Rovers fans celebrated the cup final win in the stadium.', '4 March 2015'),
      doc('Rovers lifted the cup after the final against United. Their striker scored the late goal, and the United manager said the missed penalty cost them the final.', '4 March 2015'),
    ],
  },
];

describe('evaluateClusters', () => {
  it('scores the bot and the baselines against the clusters the documents came from', async () => {
    const r = await evaluateClusters(clusters, () => {}, 2);
    expect(r.documents).toBe(5);
    expect(r.dating).toMatchObject({ fromData: 3, synthetic: 2, datelinesOverridden: 0 });
    expect(r.rejected).toEqual([]);
    expect(r.duplicates).toEqual([]);
    // all in one: precision (2² + 3²) / 5² = 13/25; all singletons: recall 2 clusters / 5 documents
    expect(r.systems.allInOne.precision).toBeCloseTo(13 / 25, 12);
    expect(r.systems.singletons.recall).toBeCloseTo(2 / 5, 12);
    // every date of a cluster within 3 days of the next: the ceiling is the gold itself
    expect(r.systems.dateCeiling.f1).toBe(1);
    // every document is in exactly one story, and the per-cluster view covers every cluster
    expect(r.systems.briefbot.missing).toEqual([]);
    expect(r.systems.briefbot.items).toBe(5);
    expect(r.perCluster.map((c) => [c.id, c.documents])).toEqual([['flood', 2], ['final', 3]]);
    // one store per cluster cannot mix clusters
    expect(r.systems.briefbotAlone.precision).toBe(1);
    expect(r.systems.briefbotAlone.missing).toEqual([]);
    expect(r.perCluster.every((c) => c.storiesAlone >= 1 && c.storiesAlone <= c.documents)).toBe(true);
    expect(r.overSeeds.seeds).toBe(2);
    expect(r.overSeeds.systems.allInOne.f1.min).toBeCloseTo(r.overSeeds.systems.allInOne.f1.max, 12);

    // the report's section: a row per system, 13/25 as ×100, the per-cluster table
    const md = renderMarkdown({ commit: 'abc', dirty: false, date: '2026-01-01', elapsedSeconds: 1, dataDir: 'x' }, undefined, undefined, [], r);
    expect(md).toContain('## Story clustering (5 documents of 2 clusters in one store)');
    for (const label of Object.values(CLUSTER_SYSTEM_LABELS)) expect(md).toContain(`| ${label} |`);
    expect(md).toMatch(/\| all in one \| 52\.00 \| 100\.00 \|/);
    expect(md).toMatch(/\| final \| 3 \| \d \|/);
  });
});
