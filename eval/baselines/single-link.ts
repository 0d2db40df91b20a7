// Single-link clustering baseline for stories: documents as TF-IDF vectors (LexRank's: stop words removed,
// Porter stems, idf = log(n / df) over the documents given), joined wherever cosine ≥ 0.3, groups = the
// connected components. No dates, no centroid, no order dependence: a plain reference point for B-cubed.
import { cosine, tfidfVectors } from './lexrank.js';

/** Fixed in advance (a common value for tf-idf document similarity), not tuned on the evaluation data. */
export const SINGLE_LINK_THRESHOLD = 0.3;

/** Groups of indices into `texts`, each in ascending order, groups ordered by their first index. */
export function singleLinkGroups(texts: readonly string[], threshold = SINGLE_LINK_THRESHOLD): number[][] {
  const vectors = tfidfVectors(texts);
  const parent = texts.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      const up = parent[parent[i]!]!;
      parent[i] = up;
      i = up;
    }
    return i;
  };
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (cosine(vectors[i]!, vectors[j]!) >= threshold) {
        const a = root(i);
        const b = root(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, number[]>();
  texts.forEach((_, i) => {
    const r = root(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}
