// Tf-idf vectors over a working set of texts (a story window, a cluster), with a smoothed idf
// so that small sets (two articles) still weigh shared and unshared terms sensibly.
import { cosine, termCounts, terms, weigh, type TermVector } from './tokens.js';

export class Vectoriser {
  private readonly df = new Map<string, number>();
  private n = 0;

  /** Counts each text's distinct terms once. */
  addDocument(ts: readonly string[]): void {
    this.n++;
    for (const t of new Set(ts)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  idf = (term: string): number => Math.log(1 + (this.n + 1) / ((this.df.get(term) ?? 0) + 0.5));

  vector(ts: readonly string[]): TermVector {
    return weigh(termCounts(ts), this.idf);
  }
}

export { cosine, terms, type TermVector };

/** Adds b into a (in place), scaled. */
export function addInto(a: TermVector, b: TermVector, scale = 1): void {
  for (const [t, w] of b) a.set(t, (a.get(t) ?? 0) + w * scale);
}
