// When the reader says "I don't know": the abstention rule, in one place. The best-ranked sentence is refused
// when it covers too little of the question (idf-weighted coverage below minCoverage, chosen on the dev split),
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
