// Groups documents into stories (the same event across outlets) by content similarity and date:
// single-pass clustering against cluster centroids, with a date window so that two different
// meetings of the same people months apart stay two stories.
import type { Document } from '../domain.js';
import { addInto, cosine, terms, Vectoriser, type TermVector } from '../text/vectors.js';

export interface Cluster {
  /** The persistent story's id, when the documents are grouped by the story they joined when stored. */
  storyId?: string;
  documents: Document[];
  vectors: TermVector[];
  centroid: TermVector;
}

export interface ClusterOptions {
  /** Minimum cosine similarity between a document and a story's centroid to join it. */
  threshold: number;
  /** Documents more than this many days apart are different stories (undated documents match any date). */
  maxDaysApart: number;
}

export const DEFAULT_CLUSTERING: ClusterOptions = { threshold: 0.15, maxDaysApart: 3 };
/** Terms of a story's centroid a document is compared with (its heaviest). */
export const CENTROID_TERMS = 60;

/** Days since the epoch (fractional) of an ISO date or time; undefined for none or an unreadable one. */
export function dayOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t / 86_400_000;
}

function trim(v: TermVector, n: number): TermVector {
  if (v.size <= n) return v;
  return new Map([...v.entries()].sort((a, b) => b[1] - a[1]).slice(0, n));
}

/** What a document is clustered on: its text's terms, and a stated title's terms twice (a derived title repeats the text). */
export function storyTerms(title: string, titleOrigin: Document['titleOrigin'], textTerms: readonly string[]): string[] {
  const titleTerms = titleOrigin === 'first-sentence' ? [] : terms(title);
  return [...titleTerms, ...titleTerms, ...textTerms];
}

export function documentTerms(d: Document): string[] {
  return storyTerms(d.title, d.titleOrigin, terms(d.text));
}

export function clusterDocuments(docs: readonly Document[], options: ClusterOptions = DEFAULT_CLUSTERING): Cluster[] {
  const vectoriser = new Vectoriser();
  const termLists = docs.map(documentTerms);
  for (const ts of termLists) vectoriser.addDocument(ts);
  const order = docs.map((d, i) => i).sort((a, b) => (docs[a]!.publishedAt ?? '').localeCompare(docs[b]!.publishedAt ?? ''));
  const clusters: (Cluster & { sum: TermVector; from?: number; to?: number })[] = [];
  for (const i of order) {
    const doc = docs[i]!;
    const vec = vectoriser.vector(termLists[i]!);
    const day = dayOf(doc.publishedAt);
    let best: (typeof clusters)[number] | undefined;
    let bestSim = options.threshold;
    for (const c of clusters) {
      if (day !== undefined && c.from !== undefined && c.to !== undefined
        && (day - c.to > options.maxDaysApart || c.from - day > options.maxDaysApart)) continue;
      const sim = cosine(vec, c.centroid);
      if (sim >= bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    if (!best) {
      best = { documents: [], vectors: [], centroid: new Map(), sum: new Map() };
      clusters.push(best);
    }
    best.documents.push(doc);
    best.vectors.push(vec);
    addInto(best.sum, vec);
    best.centroid = trim(best.sum, CENTROID_TERMS);
    if (day !== undefined) {
      best.from = Math.min(best.from ?? day, day);
      best.to = Math.max(best.to ?? day, day);
    }
  }
  return clusters.map(({ documents, vectors, sum }) => ({ documents, vectors, centroid: sum }));
}

/**
 * Documents as stories: those stored together by the story they joined (`storyId`, stories/incremental.ts), those
 * never stored clustered among themselves as above; vectors weighed over the whole set. Each story's documents
 * in date order.
 */
export function groupByStory(docs: readonly Document[]): Cluster[] {
  const byDate = [...docs].sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
  const groups = new Map<string, Document[]>();
  const loose: Document[] = [];
  for (const d of byDate) {
    if (!d.storyId) loose.push(d);
    else if (groups.has(d.storyId)) groups.get(d.storyId)!.push(d);
    else groups.set(d.storyId, [d]);
  }
  const vectoriser = new Vectoriser();
  const termsOf = new Map(byDate.map((d) => [d, documentTerms(d)]));
  for (const ts of termsOf.values()) vectoriser.addDocument(ts);
  const stored = [...groups].map(([storyId, documents]) => {
    const vectors = documents.map((d) => vectoriser.vector(termsOf.get(d)!));
    const centroid: TermVector = new Map();
    for (const v of vectors) addInto(centroid, v);
    return { storyId, documents, vectors, centroid };
  });
  return [...stored, ...(loose.length > 0 ? clusterDocuments(loose) : [])];
}
