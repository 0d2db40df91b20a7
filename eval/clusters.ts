// Story clustering: the documents of every cluster of summarisation-dev.json added one by one to one fresh store,
// one brief over all of them, and its stories scored with B-cubed against the clusters the documents came from (each cluster
// is one event, or one topic), beside simple baselines. See eval/README.md.
import { mulberry32 } from '../bench/corpus.js';
import { clusterDocuments, DEFAULT_CLUSTERING } from '../src/stories/cluster.js';
import { parseDate } from '../src/text/dates.js';
import { singleLinkGroups, SINGLE_LINK_THRESHOLD } from './baselines/single-link.js';
import { bcubed, meanItemScores, type BCubedScores } from './bcubed.js';
import { freshBot, toDocuments, type RawArticle } from './bot.js';
import type { Cluster } from './data.js';

export const CLUSTER_SYSTEMS = ['briefbot', 'perBrief', 'briefbotAlone', 'dateCeiling', 'singleLink', 'allInOne', 'singletons'] as const;
export type ClusterSystem = (typeof CLUSTER_SYSTEMS)[number];

export const CLUSTER_SYSTEM_LABELS: Record<ClusterSystem, string> = {
  briefbot: 'briefbot stories (persistent: joined as each document is stored)',
  perBrief: 'baseline: per-brief clustering (briefbot before persistent stories)',
  briefbotAlone: 'diagnostic: briefbot, each cluster alone in its store',
  dateCeiling: `ceiling under the ${DEFAULT_CLUSTERING.maxDaysApart}-day window`,
  singleLink: `single-link TF-IDF cosine ≥ ${SINGLE_LINK_THRESHOLD}`,
  allInOne: 'all in one',
  singletons: 'all singletons',
};

export const CLUSTER_SYSTEM_METHODS: Record<ClusterSystem, string> = {
  briefbot:
    "`bot.brief({ maxStories: <documents stored> })` over the whole store (window BRIEF_WINDOW_DOCS): its stories are those the documents joined as each was stored " +
    `(src/stories/incremental.ts: in arrival order, the most similar story centroid at cosine ≥ ${DEFAULT_CLUSTERING.threshold} within ${DEFAULT_CLUSTERING.maxDaysApart} days, ` +
    "idf from the store's sentence index at the time); each story's documents are one group",
  perBrief:
    '`clusterDocuments` over the same stored documents at once, as every brief did before stories persisted: single pass in date order, the same rules, ' +
    "idf over the brief's window",
  briefbotAlone:
    'the same brief in one fresh store per cluster (as in the Summaries part; same dates, sources and order): precision is 1 by construction, ' +
    'recall shows how the bot splits an event when the store holds nothing else',
  dateCeiling:
    `the gold clusters cut wherever two consecutive publication dates are more than ${DEFAULT_CLUSTERING.maxDaysApart} days apart: ` +
    'the best B-cubed of any clustering that, like the bot, never bridges such a gap within one story',
  singleLink: `documents as TF-IDF vectors (LexRank's terms, idf over all documents), an edge where cosine ≥ ${SINGLE_LINK_THRESHOLD}, groups = connected components; no dates`,
  allInOne: 'every document in one group (recall 1)',
  singletons: 'every document alone (precision 1)',
};

/**
 * Seeds of the insertion order and the synthetic dates (fixed, so that runs are comparable). The bot's single pass
 * depends on the order, so the run is repeated for seeds 1..CLUSTERS_SEEDS; the detailed figures are seed 1's.
 */
export const CLUSTERS_SEEDS = 10;
/** Undated documents are given a day in this window (arbitrary, fixed; well away from the data's own dates). */
export const SYNTHETIC_WINDOW = { start: '2016-05-02', days: 3 } as const;

export interface StoryCluster {
  id: string;
  source: string;
  documents: number;
  /** Stories (groups) that this cluster's documents ended up in; a document in no story counts as one. */
  stories: number;
  /** The same, when the cluster's documents are alone in a store. */
  storiesAlone: number;
  precision: number;
  recall: number;
  /** Other gold clusters that share a story with this one. */
  sharesWith: string[];
}

export interface ClusterSystemResult extends BCubedScores {
  label: string;
  method: string;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface ClusterEvaluation {
  clusters: number;
  documents: number;
  /** Documents that buildArticle rejected: in the gold, in no prediction (singletons everywhere). */
  rejected: { item: string; reason: string }[];
  /** Documents the store skipped as duplicates of an already stored one (singletons for briefbot). */
  duplicates: { item: string; of: string }[];
  /**
   * fromData: dated by the data's `date`; synthetic: given a day in the window; of those, datelinesOverridden had a
   * dateline in their text that buildArticle would otherwise have taken (the synthetic day wins, so that no
   * document is put years away from its cluster's synthetic days by a date the others lack).
   */
  dating: { fromData: number; synthetic: number; datelinesOverridden: number; window: string; clock: string };
  attribution: string;
  seed: number;
  windowDocs: number;
  maxStories: number;
  briefNotes: string[];
  systems: Record<ClusterSystem, ClusterSystemResult>;
  /** How the bot's stories cover each gold cluster. */
  perCluster: StoryCluster[];
  /** Every system's scores over seeds 1..n (a new insertion order and new synthetic dates each time). */
  overSeeds: { seeds: number; systems: Record<ClusterSystem, { precision: Spread; recall: Spread; f1: Spread }> };
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Gold item id of a cluster's i-th document (1-based, as in the data's order). */
const itemId = (cluster: Cluster, i: number): string => `${cluster.id}#${i + 1}`;

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Gold clusters cut wherever consecutive dates are more than `maxDays` apart (undated documents stay with the first part). */
export function splitAtDateGaps(items: readonly { id: string; date?: string }[], maxDays: number): string[][] {
  const dated = items.filter((x) => x.date !== undefined).sort((a, b) => a.date!.localeCompare(b.date!));
  const undated = items.filter((x) => x.date === undefined).map((x) => x.id);
  const parts: string[][] = [];
  let last: number | undefined;
  for (const x of dated) {
    const day = Date.parse(x.date!) / DAY_MS;
    if (last === undefined || day - last > maxDays) parts.push([]);
    parts.at(-1)!.push(x.id);
    last = day;
  }
  if (parts.length === 0) parts.push([]);
  parts[0]!.push(...undated);
  return parts.filter((p) => p.length > 0);
}

async function evaluateWithSeed(clusters: readonly Cluster[], log: (line: string) => void, seed: number): Promise<Omit<ClusterEvaluation, 'overSeeds'>> {
  const rand = mulberry32(seed);
  const windowStart = Date.parse(`${SYNTHETIC_WINDOW.start}T00:00:00Z`);
  const gold = clusters.map((c) => c.documents.map((_, i) => itemId(c, i)));
  const clusterOf = new Map(clusters.flatMap((c) => c.documents.map((_, i) => [itemId(c, i), c] as const)));

  // every document as an article: its own date when the data has one, else a day in the synthetic window (even
  // when its text has a dateline: see ClusterEvaluation.dating);
  // source `outlet-<i>` for a cluster's i-th document (the data names no outlets: source_id names a document)
  let fromData = 0;
  let synthetic = 0;
  const raws: (RawArticle & { item: string; datedByData: boolean })[] = clusters.flatMap((c) =>
    c.documents.map((d, i) => {
      const own = d.date?.trim() ? parseDate(d.date) : undefined;
      if (own) fromData++;
      else synthetic++;
      const date = own ?? isoDay(windowStart + Math.floor(rand() * SYNTHETIC_WINDOW.days) * DAY_MS);
      return { item: itemId(c, i), datedByData: own !== undefined, text: d.text, title: d.title, date, source: `outlet-${i + 1}` };
    }),
  );
  const { documents, rejected } = toDocuments(raws);
  // what buildArticle would have dated the others by, had they no date: a dateline in the text, or nothing
  const datelinesOverridden = toDocuments(raws.filter((r) => !r.datedByData).map(({ date: _, ...r }) => r)).documents.filter((d) => d.doc.publishedAt !== undefined).length;
  const accepted = documents.map(({ index, doc }) => ({ item: raws[index]!.item, doc }));
  const dates = accepted.map((a) => a.doc.publishedAt).filter((d): d is string => d !== undefined).sort();
  // the clock: the morning after the latest publication date (ingestion time, the brief's date)
  const clock = new Date(Date.parse(`${(dates.at(-1) ?? SYNTHETIC_WINDOW.start).slice(0, 10)}T06:00:00Z`) + DAY_MS);

  const systems = {} as Record<ClusterSystem, ClusterSystemResult>;
  const score = (name: ClusterSystem, groups: readonly (readonly string[])[]): void => {
    systems[name] = { ...bcubed(groups, gold), label: CLUSTER_SYSTEM_LABELS[name], method: CLUSTER_SYSTEM_METHODS[name] };
  };

  const order = shuffled(accepted, rand);
  // briefbot: the documents added one by one in a seeded random order (so that no cluster arrives as a block),
  // then one brief with room for every document as a story of its own
  const { bot, store, config } = await freshBot(() => clock);
  const itemOfDoc = new Map<string, string>();
  const duplicates: ClusterEvaluation['duplicates'] = [];
  let briefNotes: string[] = [];
  let maxStories = 0;
  let stories: string[][] = [];
  try {
    for (const { item, doc } of order) {
      const result = await store.add([doc]);
      const added = result.added[0];
      if (added) itemOfDoc.set(added.id, item);
      else duplicates.push({ item, of: itemOfDoc.get(result.duplicates[0]?.existingId ?? '') ?? 'unknown' });
    }
    maxStories = itemOfDoc.size;
    if (config.BRIEF_WINDOW_DOCS < maxStories) log(`clusters: BRIEF_WINDOW_DOCS ${config.BRIEF_WINDOW_DOCS} < ${maxStories} documents: the rest count as singletons`);
    const brief = await bot.brief({ maxStories });
    briefNotes = brief.notes;
    stories = brief.stories.map((s) => s.documents.map((d) => itemOfDoc.get(d.documentId) ?? `unknown:${d.documentId}`));
    score('briefbot', stories);
    // what buildBrief did before stories persisted: the window's documents, most recent first, clustered at once
    const window = await store.recent({ limit: config.BRIEF_WINDOW_DOCS });
    score('perBrief', clusterDocuments(window).map((c) => c.documents.map((d) => itemOfDoc.get(d.id)!)));
  } finally {
    await bot.close();
  }

  // the same, one store per cluster (its documents in the same relative order)
  const alone: string[][] = [];
  const storiesAlone = new Map<Cluster, number>();
  for (const c of clusters) {
    const own = order.filter((a) => clusterOf.get(a.item) === c);
    if (own.length === 0) continue;
    const one = await freshBot(() => clock);
    try {
      const item = new Map<string, string>();
      for (const a of own) {
        const added = (await one.store.add([a.doc])).added[0];
        if (added) item.set(added.id, a.item);
      }
      const brief = await one.bot.brief({ maxStories: Math.max(1, item.size) });
      storiesAlone.set(c, brief.stories.length);
      alone.push(...brief.stories.map((st) => st.documents.map((d) => item.get(d.documentId) ?? `unknown:${d.documentId}`)));
    } finally {
      await one.bot.close();
    }
  }
  score('briefbotAlone', alone);

  const dateOf = new Map(accepted.map((a) => [a.item, a.doc.publishedAt]));
  const acceptedIds = new Set(accepted.map((a) => a.item));
  score('dateCeiling', gold.flatMap((g) => splitAtDateGaps(g.filter((id) => acceptedIds.has(id)).map((id) => ({ id, date: dateOf.get(id) })), DEFAULT_CLUSTERING.maxDaysApart)));
  score('singleLink', singleLinkGroups(accepted.map((a) => a.doc.text)).map((g) => g.map((i) => accepted[i]!.item)));
  score('allInOne', [accepted.map((a) => a.item)]);
  score('singletons', accepted.map((a) => [a.item]));

  // how the bot's stories cover each gold cluster (a document in no story is a story of its own)
  const perItem = new Map(systems.briefbot.perItem.map((x) => [x.id, x]));
  const groups = [...stories, ...systems.briefbot.missing.map((id) => [id])];
  const storyOf = new Map(groups.flatMap((g, k) => g.map((id) => [id, k] as const)));
  const perCluster: StoryCluster[] = clusters.map((c, ci) => {
    const ids = gold[ci]!;
    const touched = new Set(ids.map((id) => storyOf.get(id)!));
    const others = new Set<string>();
    for (const k of touched) {
      for (const id of groups[k] ?? []) {
        const other = clusterOf.get(id);
        if (other !== c) others.add(other?.id ?? 'unknown');
      }
    }
    return {
      id: c.id,
      source: c.source,
      documents: ids.length,
      stories: touched.size,
      storiesAlone: storiesAlone.get(c) ?? 0,
      ...meanItemScores(ids.map((id) => perItem.get(id)).filter((x) => x !== undefined)),
      sharesWith: [...others].sort(),
    };
  });

  return {
    clusters: clusters.length,
    documents: raws.length,
    rejected: rejected.map((r) => ({ item: raws[r.index]!.item, reason: r.reason })),
    duplicates,
    dating: { fromData, synthetic, datelinesOverridden, window: `${SYNTHETIC_WINDOW.start} + ${SYNTHETIC_WINDOW.days} days`, clock: clock.toISOString() },
    attribution: "source `outlet-<i>` for each cluster's i-th document; titles as given (empty ones derived by buildArticle)",
    seed,
    windowDocs: config.BRIEF_WINDOW_DOCS,
    maxStories,
    briefNotes,
    systems,
    perCluster,
  };
}

function spread(xs: readonly number[]): Spread {
  return { mean: xs.reduce((a, x) => a + x, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
}

/** The clustering measurement, in full for seed 1 and as mean / min / max over seeds 1..`seeds`. */
export async function evaluateClusters(clusters: readonly Cluster[], log: (line: string) => void, seeds = CLUSTERS_SEEDS): Promise<ClusterEvaluation> {
  const runs: Omit<ClusterEvaluation, 'overSeeds'>[] = [];
  for (let seed = 1; seed <= Math.max(1, seeds); seed++) runs.push(await evaluateWithSeed(clusters, log, seed));
  const systems = {} as ClusterEvaluation['overSeeds']['systems'];
  for (const name of CLUSTER_SYSTEMS) {
    const of = (k: 'precision' | 'recall' | 'f1'): Spread => spread(runs.map((r) => r.systems[name][k]));
    systems[name] = { precision: of('precision'), recall: of('recall'), f1: of('f1') };
  }
  return { ...runs[0]!, overSeeds: { seeds: runs.length, systems } };
}
