// When the reader says "I don't know": the abstention rule, in one place. The best-ranked sentence is refused
// when it covers too little of the question (idf-weighted coverage below minCoverage, 0.6: chosen on the SQuAD and
// news dev sets together, as the best mean of their overall accuracies among 0.5 / 0.6 / 0.7 / 0.8, which gave
// 68.7 / 69.0 / 68.0 / 67.7%; at 0.6 neither set over-refuses its answerable questions below 67%),
// or when it contradicts the question (another number, a negation, an opposite, a name its article never
// mentions: mismatch.ts) — then the store holds a passage about the subject that does not answer it.
import { echo } from '../render/echo.js';

/** The signals of the best-ranked sentence that the rule reads. */
export interface AbstentionSignals {
  coverage: number;
  mismatch?: unknown;
}

export function shouldAbstain(best: AbstentionSignals | undefined, minCoverage: number): boolean {
  return !best || best.coverage < minCoverage || best.mismatch !== undefined;
}

export function notFoundText(question: string): string {
  return `I don't know: nothing in my store answers “${echo(question)}”.`;
}
