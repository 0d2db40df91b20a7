// Lead baseline for multi-document clusters: the first sentence of every document, then the second of
// every document, and so on (interleaved across documents in the cluster's order), up to the word budget.
import { documentSentences, fillBudget } from './budget.js';

export function leadOrder(perDocument: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...perDocument.map((d) => d.length));
  for (let i = 0; i < longest; i++) {
    for (const doc of perDocument) {
      const s = doc[i];
      if (s !== undefined) out.push(s);
    }
  }
  return out;
}

export function leadSummary(documents: readonly string[], budget: number): string {
  return fillBudget(leadOrder(documentSentences(documents)), budget);
}
