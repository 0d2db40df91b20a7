// LexRank (Erkan & Radev, 2004), the textbook version: sentences as TF-IDF vectors (idf over the cluster's
// sentences), an edge wherever the idf-modified cosine is at least 0.1, the row-normalised graph ranked by
// PageRank-style power iteration (damping 0.85). Sentences are taken best-first up to the word budget;
// redundancy is deliberately not removed, so this stays the standard baseline.
import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { documentSentences, fillBudget } from './budget.js';

export interface LexRankOptions {
  threshold: number;
  damping: number;
  maxIterations: number;
  tolerance: number;
}

export const LEXRANK_DEFAULTS: LexRankOptions = { threshold: 0.1, damping: 0.85, maxIterations: 200, tolerance: 1e-8 };

const STOP = new Set(eng);

export function lexTerms(sentence: string): string[] {
  const out: string[] = [];
  for (const m of sentence.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (STOP.has(w)) continue;
    out.push(stemmer(w));
  }
  return out;
}

/** TF-IDF vectors of texts (sentences here; whole documents for the single-link clustering baseline): tf × log(n / df). */
export function tfidfVectors(sentences: readonly string[]): Map<string, number>[] {
  const tfs = sentences.map((s) => {
    const tf = new Map<string, number>();
    for (const t of lexTerms(s)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  return tfs.map((tf) => {
    const v = new Map<string, number>();
    for (const [t, c] of tf) v.set(t, c * Math.log(n / (df.get(t) ?? 1)));
    return v;
  });
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [t, w] of a) {
    const o = b.get(t);
    if (o !== undefined) dot += w * o;
  }
  let na = 0;
  let nb = 0;
  for (const w of a.values()) na += w * w;
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** LexRank centrality of each sentence (sums to 1). */
export function lexRankScores(sentences: readonly string[], options: Partial<LexRankOptions> = {}): number[] {
  const { threshold, damping, maxIterations, tolerance } = { ...LEXRANK_DEFAULTS, ...options };
  const n = sentences.length;
  if (n === 0) return [];
  const vectors = tfidfVectors(sentences);
  // adjacency: thresholded similarity; every sentence links to itself, so no row is empty
  const rows: number[][] = vectors.map((a, i) => {
    const links: number[] = [];
    vectors.forEach((b, j) => {
      if (i === j || cosine(a, b) >= threshold) links.push(j);
    });
    return links;
  });
  let p = new Array<number>(n).fill(1 / n);
  for (let iter = 0; iter < maxIterations; iter++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    rows.forEach((links, i) => {
      const share = (damping * (p[i] ?? 0)) / links.length;
      for (const j of links) next[j] = (next[j] ?? 0) + share;
    });
    const delta = next.reduce((acc, v, i) => acc + Math.abs(v - (p[i] ?? 0)), 0);
    p = next;
    if (delta < tolerance) break;
  }
  return p;
}

/** Sentences of all documents, best LexRank score first (ties keep document order). */
export function lexRankOrder(sentences: readonly string[], options: Partial<LexRankOptions> = {}): string[] {
  const scores = lexRankScores(sentences, options);
  return sentences
    .map((s, i) => ({ s, i, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.s);
}

export function lexRankSummary(documents: readonly string[], budget: number, options: Partial<LexRankOptions> = {}): string {
  return fillBudget(lexRankOrder(documentSentences(documents).flat(), options), budget);
}
