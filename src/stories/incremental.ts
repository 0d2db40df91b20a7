// Persistent stories: a document joins a story when it is stored (single-pass clustering against the centroids
// of the stories near its date), so a story keeps its id as articles arrive and a brief groups its window by
// story instead of re-clustering it. The rules are those of cluster.ts (cosine threshold, date window); only
// the weights differ: idf comes from the whole store (documents per term) rather than from one brief's window,
// and a story runs a week at most (MAX_STORY_DAYS).
// A backend keeps the StoryState rows and searches them with a StoryIndex of the stories near the days it writes.
import { CENTROID_TERMS, DEFAULT_CLUSTERING, type ClusterOptions } from './cluster.js';
import { termCounts, weigh, type TermVector } from '../text/tokens.js';

/**
 * A story as stored: the sum of its documents' term frequencies (1 + log count, the tf of cluster.ts), unweighted,
 * so that a comparison weighs the story and the document with the same idf, today's: weights stored as they
 * were at each document's arrival would make the first documents of a young store (every idf equal) unlike
 * everything after them.
 */
export interface StoryState {
  id: string;
  /** Sum of its documents' tf vectors, cut to the CENTROID_KEPT terms heaviest under the idf of the last join. */
  sum: TermVector;
  /**
   * Days since the epoch (fractional) of its earliest and latest dated document; unset while it has none (a story of
   * undated documents takes a document of any date, as in cluster.ts).
   */
  firstDay?: number;
  lastDay?: number;
  size: number;
}

/** A story without its sum: what a search returns. */
export type StoryMeta = Omit<StoryState, 'sum'>;

type Idf = (term: string) => number;

/**
 * Terms kept in a stored sum: more than are compared, so that a term just under the cut keeps its weight as
 * documents arrive instead of restarting from zero each time it drops out.
 */
export const CENTROID_KEPT = 120;

/** cluster.ts's rules (threshold and date window): npm run eval compares the two ways of applying them. */
export const STORY_RULES: ClusterOptions = DEFAULT_CLUSTERING;

/** The idf that cluster.ts's Vectoriser uses, from counts over the whole store. */
export function storeIdf(frequency: (term: string) => number, total: number): Idf {
  return (term) => Math.log(1 + (total + 1) / (frequency(term) + 0.5));
}

/** A document's tf vector (weigh it with an idf to compare). */
export function documentTf(ts: readonly string[]): TermVector {
  return weigh(termCounts(ts), () => 1);
}

/** `v` with each weight multiplied by its term's idf. */
function times(v: TermVector, idf: Idf): TermVector {
  const out: TermVector = new Map();
  for (const [t, w] of v) out.set(t, w * idf(t));
  return out;
}

/**
 * The `n` heaviest terms of `v` under `idf` and their weights, in `v`'s order; of equal weights at the cut, the
 * first. Parallel arrays and a typed sort for the cut, not a sorted array of pairs: this runs several times for
 * every document stored, and the garbage it made grew the heap of a bulk ingest.
 */
export function heaviest(v: TermVector, n: number, idf: Idf): { terms: string[]; weights: Float64Array } {
  const terms = [...v.keys()];
  const weights = new Float64Array(terms.length);
  let i = 0;
  for (const [t, w] of v) weights[i++] = w * idf(t);
  if (terms.length <= n) return { terms, weights };
  const cut = Float64Array.from(weights).sort()[terms.length - n]!;
  let above = 0;
  for (const w of weights) if (w > cut) above++;
  let ties = n - above;
  const keptTerms: string[] = [];
  const keptWeights = new Float64Array(n);
  for (let k = 0; k < terms.length; k++) {
    const w = weights[k]!;
    if (w > cut || (w === cut && ties-- > 0)) {
      keptWeights[keptTerms.length] = w;
      keptTerms.push(terms[k]!);
    }
  }
  return { terms: keptTerms, weights: keptWeights };
}

/**
 * The longest a story runs, first document to last: coverage of an ongoing subject (a war, a campaign) that never
 * pauses for maxDaysApart days would otherwise chain into one story for months; its next week is a new story.
 */
export const MAX_STORY_DAYS = 7;

/**
 * Whether a document of `day` may join the story: within maxDaysApart of both ends of its span, and the span
 * with it no longer than MAX_STORY_DAYS (undated document or story: any).
 */
export function withinDays(story: StoryMeta, day: number | undefined, rules: ClusterOptions = STORY_RULES): boolean {
  if (day === undefined || story.firstDay === undefined || story.lastDay === undefined) return true;
  return day - story.lastDay <= rules.maxDaysApart && story.firstDay - day <= rules.maxDaysApart
    && Math.max(story.lastDay, day) - Math.min(story.firstDay, day) <= MAX_STORY_DAYS;
}

function norm(weights: Iterable<number>): number {
  let sum = 0;
  for (const w of weights) sum += w * w;
  return Math.sqrt(sum);
}

/** Term → the slots of the stories whose compared terms hold it, and its weight in each (parallel arrays: memory). */
type Postings = Map<string, { slots: number[]; weights: number[] }>;

/** The `n` slots of highest score, best first (one pass with a small sorted buffer: `slots` may be thousands). */
export function topSlots(slots: readonly number[], score: Float64Array, n: number): number[] {
  const top: number[] = [];
  for (const slot of slots) {
    const s = score[slot]!;
    if (top.length === n) {
      if (s <= score[top[n - 1]!]!) continue;
      top.pop();
    }
    let i = top.length;
    while (i > 0 && score[top[i - 1]!]! < s) i--;
    top.splice(i, 0, slot);
  }
  return top;
}

/**
 * A document's heaviest terms, whose postings are read to shortlist stories, and how many stories (by that partial
 * dot product) are then compared in full. At the eval's 0.15 threshold this finds the same stories as reading every
 * term (npm run eval), reading far fewer postings (docs/design.md).
 */
const PROBE_TERMS = 30;
const SHORTLIST = 20;

/**
 * Stories in memory, searchable by similarity: inverted indexes from each story's compared centroid terms (its
 * CENTROID_TERMS heaviest, weighed by the idf of the time it was indexed) to their weights, so that finding the
 * best story sums products over the postings of the document's terms (exact cosine against every story sharing a
 * term, no loop over stories). The postings are sharded by the story's last whole day, so that a document reads
 * only the shards of stories its date window can reach (a story that can take a document of day d ends between
 * d − maxDaysApart and d + MAX_STORY_DAYS), whatever the number of stories cached. Stories of undated documents
 * have a shard of their own, read for every document; an undated document reads all.
 */
export class StoryIndex {
  /** Stories by id; each has a slot (its place in the arrays below and in the scratch array of dot products). */
  private readonly slots = new Map<string, number>();
  /** Per slot: the story without its sum (the caller keeps sums: memory), its compared terms, their weights, norm, shard. */
  private readonly metas: (StoryMeta | undefined)[] = [];
  private readonly terms: string[][] = [];
  private readonly weights: Float64Array[] = [];
  private readonly norms: number[] = [];
  private readonly shardOf: (number | 'undated')[] = [];
  private readonly freeSlots: number[] = [];
  private readonly shards = new Map<number | 'undated', Postings>();
  private dots = new Float64Array(1024);

  constructor(private readonly rules: ClusterOptions = STORY_RULES) {}

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  clear(): void {
    this.slots.clear();
    this.shards.clear();
    for (const a of [this.metas, this.terms, this.weights, this.norms, this.shardOf, this.freeSlots]) a.length = 0;
  }

  /** Adds or replaces a story; only what searching needs is kept (not its sum). */
  put({ sum, ...meta }: StoryState, idf: Idf): void {
    this.delete(meta.id);
    const compared = heaviest(sum, CENTROID_TERMS, idf);
    const slot = this.freeSlots.pop() ?? this.metas.length;
    const shard = meta.lastDay === undefined ? 'undated' : Math.floor(meta.lastDay);
    this.slots.set(meta.id, slot);
    this.metas[slot] = meta;
    this.terms[slot] = compared.terms;
    this.weights[slot] = compared.weights;
    this.norms[slot] = norm(compared.weights.values());
    this.shardOf[slot] = shard;
    let postings = this.shards.get(shard);
    if (!postings) this.shards.set(shard, (postings = new Map()));
    compared.terms.forEach((term, k) => {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = { slots: [], weights: [] }));
      list.slots.push(slot);
      list.weights.push(compared.weights[k]!);
    });
  }

  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const shard = this.shardOf[slot]!;
    const postings = this.shards.get(shard)!;
    for (const term of this.terms[slot]!) {
      const list = postings.get(term);
      if (!list) continue;
      const i = list.slots.indexOf(slot);
      if (i >= 0) {
        list.slots.splice(i, 1);
        list.weights.splice(i, 1);
      }
      if (list.slots.length === 0) postings.delete(term);
    }
    if (postings.size === 0) this.shards.delete(shard);
    this.slots.delete(id);
    this.metas[slot] = undefined;
    this.terms[slot] = [];
    this.freeSlots.push(slot);
  }

  /**
   * The story most like a document of these term frequencies and this day, at or above the threshold and within
   * the date window; undefined when none is (ties: the first found). An undated document may join a story of any
   * date: every shard is read for it.
   */
  best(tf: TermVector, day: number | undefined, idf: Idf): StoryMeta | undefined {
    const v = times(tf, idf);
    if (this.dots.length < this.metas.length) this.dots = new Float64Array(this.metas.length * 2);
    const dots = this.dots;
    const touched: number[] = [];
    // partial dot products over the document's heaviest terms: rarer, so shorter postings, and most of the cosine
    const probe = heaviest(tf, PROBE_TERMS, idf);
    for (const postings of this.shardsNear(day)) {
      for (let p = 0; p < probe.terms.length; p++) {
        const w = probe.weights[p]!;
        const list = postings.get(probe.terms[p]!);
        if (!list) continue;
        for (let i = 0; i < list.slots.length; i++) {
          const slot = list.slots[i]!;
          if (dots[slot] === 0) touched.push(slot);
          dots[slot] = dots[slot]! + w * list.weights[i]!;
        }
      }
    }
    const shortlist = topSlots(touched, dots, SHORTLIST);
    for (const slot of touched) dots[slot] = 0;
    // the exact cosine for the shortlist
    const vn = norm(v.values());
    let best: StoryMeta | undefined;
    let bestSim = this.rules.threshold;
    for (const slot of shortlist) {
      const terms = this.terms[slot]!;
      const weights = this.weights[slot]!;
      let dot = 0;
      for (let i = 0; i < terms.length; i++) dot += (v.get(terms[i]!) ?? 0) * weights[i]!;
      const sim = dot / (vn * this.norms[slot]!);
      const story = this.metas[slot]!;
      if (sim >= bestSim && withinDays(story, day, this.rules)) {
        bestSim = sim;
        best = story;
      }
    }
    return best;
  }

  private *shardsNear(day: number | undefined): Iterable<Postings> {
    if (day === undefined) {
      yield* this.shards.values();
      return;
    }
    const undated = this.shards.get('undated');
    if (undated) yield undated;
    for (let d = Math.floor(day - this.rules.maxDaysApart); d <= Math.floor(day + MAX_STORY_DAYS); d++) {
      const postings = this.shards.get(d);
      if (postings) yield postings;
    }
  }
}

/** `sum` cut to its CENTROID_KEPT heaviest terms under `idf`, in place. */
function kept(sum: TermVector, idf: Idf): TermVector {
  if (sum.size <= CENTROID_KEPT) return sum;
  const keep = new Set(heaviest(sum, CENTROID_KEPT, idf).terms);
  for (const t of sum.keys()) if (!keep.has(t)) sum.delete(t);
  return sum;
}

/** The story with the document added (a new object; `story` is left as it was). */
export function joined(story: StoryState, tf: TermVector, day: number | undefined, idf: Idf): StoryState {
  const sum = new Map(story.sum);
  for (const [t, w] of tf) sum.set(t, (sum.get(t) ?? 0) + w);
  const days = day === undefined ? { firstDay: story.firstDay, lastDay: story.lastDay }
    : { firstDay: Math.min(story.firstDay ?? day, day), lastDay: Math.max(story.lastDay ?? day, day) };
  return { id: story.id, sum: kept(sum, idf), ...days, size: story.size + 1 };
}

/** A story of one document. */
export function started(id: string, tf: TermVector, day: number | undefined, idf: Idf): StoryState {
  return { id, sum: kept(new Map(tf), idf), firstDay: day, lastDay: day, size: 1 };
}
