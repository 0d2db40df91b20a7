// Persistent stories: a document joins a story when it is stored (single-pass clustering against the centroids
// of the stories near its date), so a story keeps its id as articles arrive and a brief groups its window by
// story instead of re-clustering it. The rules are those of cluster.ts (cosine threshold, date window); only
// the weights differ: idf comes from the whole store (its sentence index) rather than from one brief's window.
// A backend keeps the StoryState rows and searches them with a StoryIndex of the stories near the days it writes.
import { DEFAULT_CLUSTERING, type ClusterOptions } from './cluster.js';
import { termCounts, weigh, type TermVector } from '../text/tokens.js';

export const DAY_MS = 86_400_000;

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

type Idf = (term: string) => number;

/** Terms a document is compared on (cluster.ts compares with the heaviest 60 of a centroid). */
export const CENTROID_TERMS = 60;
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

/** The `n` heaviest terms of `v` under `idf`, weighed. */
export function heaviest(v: TermVector, n: number, idf: Idf): TermVector {
  return new Map([...times(v, idf).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n));
}

/** Whether a document of `day` may join the story: within maxDaysApart of both ends of its span (undated: any). */
export function withinDays(story: StoryState, day: number | undefined, rules: ClusterOptions = STORY_RULES): boolean {
  if (day === undefined || story.firstDay === undefined || story.lastDay === undefined) return true;
  return day - story.lastDay <= rules.maxDaysApart && story.firstDay - day <= rules.maxDaysApart;
}

function norm(v: TermVector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}

/**
 * Stories in memory, searchable by similarity: an inverted index from each story's compared centroid terms (its
 * CENTROID_TERMS heaviest, weighed by the idf of the time it was indexed) to their weights, so that finding the
 * best story sums products over the postings of the document's terms (exact cosine against every indexed story
 * sharing a term) instead of comparing the document with each story.
 */
export class StoryIndex {
  /** Stories by id; each has a slot, its place in `bySlot` and in the scratch array of dot products. */
  private readonly entries = new Map<string, { story: StoryState; weights: TermVector; norm: number; slot: number }>();
  private readonly bySlot: (StoryState | undefined)[] = [];
  private readonly norms: number[] = [];
  private readonly freeSlots: number[] = [];
  /** Term → (slot → weight). */
  private readonly postings = new Map<string, Map<number, number>>();
  private dots = new Float64Array(1024);

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  clear(): void {
    this.entries.clear();
    this.postings.clear();
    this.bySlot.length = 0;
    this.norms.length = 0;
    this.freeSlots.length = 0;
  }

  /** Adds or replaces a story. */
  put(story: StoryState, idf: Idf): void {
    this.delete(story.id);
    const weights = heaviest(story.sum, CENTROID_TERMS, idf);
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    const entry = { story, weights, norm: norm(weights), slot };
    this.entries.set(story.id, entry);
    this.bySlot[slot] = story;
    this.norms[slot] = entry.norm;
    for (const [term, w] of weights) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Map()));
      list.set(slot, w);
    }
  }

  delete(id: string): void {
    const old = this.entries.get(id);
    if (!old) return;
    for (const term of old.weights.keys()) {
      const list = this.postings.get(term);
      list?.delete(old.slot);
      if (list?.size === 0) this.postings.delete(term);
    }
    this.entries.delete(id);
    this.bySlot[old.slot] = undefined;
    this.freeSlots.push(old.slot);
  }

  /**
   * The story most like a document of these term frequencies and this day, at or above the threshold and within
   * the date window; undefined when none is (ties: the first found).
   */
  best(tf: TermVector, day: number | undefined, idf: Idf, rules: ClusterOptions = STORY_RULES): StoryState | undefined {
    const v = times(tf, idf);
    if (this.dots.length < this.bySlot.length) this.dots = new Float64Array(this.bySlot.length * 2);
    const dots = this.dots;
    const touched: number[] = [];
    for (const [term, w] of v) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (const [slot, sw] of list) {
        if (dots[slot] === 0) touched.push(slot);
        dots[slot] = dots[slot]! + w * sw;
      }
    }
    const vn = norm(v);
    let best: StoryState | undefined;
    let bestSim = rules.threshold;
    for (const slot of touched) {
      const sim = dots[slot]! / (vn * this.norms[slot]!);
      dots[slot] = 0;
      const story = this.bySlot[slot]!;
      if (sim >= bestSim && withinDays(story, day, rules)) {
        bestSim = sim;
        best = story;
      }
    }
    return best;
  }
}

function kept(sum: TermVector, idf: Idf): TermVector {
  if (sum.size <= CENTROID_KEPT) return sum;
  return new Map([...heaviest(sum, CENTROID_KEPT, idf).keys()].map((t) => [t, sum.get(t)!]));
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
  return { id, sum: kept(tf, idf), firstDay: day, lastDay: day, size: 1 };
}

/** Days since the epoch of an ISO date or time; undefined for none or an unreadable one. */
export function dayOf(iso: string | undefined): number | undefined {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? undefined : t / DAY_MS;
}
