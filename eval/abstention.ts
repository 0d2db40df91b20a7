// Diagnostic: how far can abstention get on the signals the core already computes? A logistic regression
// over the top-ranked sentence's signals predicts "this sentence answers the question"; its out-of-fold
// probabilities (10-fold cross-validation, so no item is scored by a model that saw it) are swept as an
// abstention threshold. If no threshold reaches the targets, no re-weighting of these signals will either:
// the remedy lies in new evidence (a reading-comprehension model), not in tuning.
import { mulberry32 } from '../bench/corpus.js';
import type { RankedSentence } from '../src/qa/answer.js';
import { terms } from '../src/text/tokens.js';

export const SIGNALS = [
  'coverage', 'full coverage', 'BM25 share', 'score', 'score gap to 2nd', 'typed question', 'typed span found', 'typed question without span',
  'mismatch: number', 'mismatch: negation', 'mismatch: opposite', 'mismatch: name', 'question terms absent from the article',
  'question length', 'sentence length', 'top-5 from the same article',
] as const;

/** The signals of a question's ranking, in SIGNALS order. `articleTerms`: terms of the top sentence's article. */
export function signals(question: string, ranked: readonly RankedSentence[], articleTerms: ReadonlySet<string>): number[] {
  const [top, second] = ranked;
  if (!top) return SIGNALS.map(() => 0);
  const qTerms = [...new Set(terms(question))];
  const absent = qTerms.filter((t) => !articleTerms.has(t)).length;
  const mismatch = (reason: string): number => (top.mismatch?.reason === reason ? 1 : 0);
  return [
    top.coverage, top.fullCoverage, top.bm25Share, top.score, top.score - (second?.score ?? 0),
    top.typedQuestion ? 1 : 0, top.span ? 1 : 0, top.typedQuestion && !top.span ? 1 : 0,
    mismatch('number'), mismatch('negation'), mismatch('opposite'), mismatch('name'),
    qTerms.length ? absent / qTerms.length : 0, Math.log1p(qTerms.length), top.hit.text.split(/\s+/).length / 40,
    ranked.slice(0, 5).filter((r) => r.hit.documentId === top.hit.documentId).length,
  ];
}

/** L2-regularised logistic regression by batch gradient descent on standardised features. */
function fit(x: readonly number[][], y: readonly number[], lambda: number): (row: readonly number[]) => number {
  const dims = x[0]?.length ?? 0;
  const mean = Array.from({ length: dims }, (_, j) => x.reduce((s, r) => s + (r[j] ?? 0), 0) / x.length);
  const sd = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + ((r[j] ?? 0) - m) ** 2, 0) / x.length) || 1);
  const z = (row: readonly number[]): number[] => [...row.map((v, j) => (v - (mean[j] ?? 0)) / (sd[j] ?? 1)), 1];
  const zx = x.map(z);
  const w = new Array<number>(dims + 1).fill(0);
  const predict = (zr: readonly number[]): number => 1 / (1 + Math.exp(-zr.reduce((s, v, j) => s + v * (w[j] ?? 0), 0)));
  for (let iter = 0; iter < 2000; iter++) {
    const grad = new Array<number>(dims + 1).fill(0);
    zx.forEach((zr, i) => {
      const err = predict(zr) - (y[i] ?? 0);
      zr.forEach((v, j) => (grad[j] = (grad[j] ?? 0) + err * v));
    });
    // the bias (last weight) is not regularised
    for (let j = 0; j <= dims; j++) w[j] = (w[j] ?? 0) - (0.5 * ((grad[j] ?? 0) + (j < dims ? lambda * (w[j] ?? 0) : 0))) / zx.length;
  }
  return (row) => predict(z(row));
}

export interface AbstentionItem {
  signals: number[];
  answerable: boolean;
  /** answerable and the top-ranked sentence holds a gold answer */
  topCorrect: boolean;
}

export interface FrontierPoint {
  answerableTop1: number;
  unanswerableRefused: number;
  accuracy: number;
}

export interface AbstentionDiagnostic {
  folds: number;
  lambda: number;
  /** answerable questions whose top sentence is right: the ceiling of answerable top-1 for any abstention */
  ceiling: number;
  /** most refusals with answerable top-1 ≥ 80% */
  atAnswerable80?: FrontierPoint;
  /** best answerable top-1 with ≥ 60% refused */
  atRefused60?: FrontierPoint;
  bestAccuracy: FrontierPoint;
  bothTargets: boolean;
}

/** Out-of-fold probabilities from `folds`-fold cross-validation (seeded split), swept as abstention thresholds. */
export function abstentionDiagnostic(items: readonly AbstentionItem[], folds = 10, lambda = 1, seed = 7): AbstentionDiagnostic {
  const rand = mulberry32(seed);
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const probability = new Array<number>(items.length).fill(0);
  for (let f = 0; f < folds; f++) {
    const test = order.filter((_, k) => k % folds === f);
    const train = order.filter((_, k) => k % folds !== f);
    const model = fit(train.map((i) => items[i]?.signals ?? []), train.map((i) => (items[i]?.topCorrect ? 1 : 0)), lambda);
    for (const i of test) probability[i] = model(items[i]?.signals ?? []);
  }
  const nA = items.filter((it) => it.answerable).length || 1;
  const nU = items.filter((it) => !it.answerable).length || 1;
  const points: FrontierPoint[] = [...new Set([...probability, Number.POSITIVE_INFINITY])].map((threshold) => {
    let ok = 0;
    let refused = 0;
    items.forEach((it, i) => {
      const answers = (probability[i] ?? 0) >= threshold;
      if (it.answerable) ok += answers && it.topCorrect ? 1 : 0;
      else refused += answers ? 0 : 1;
    });
    return { answerableTop1: ok / nA, unanswerableRefused: refused / nU, accuracy: (ok + refused) / items.length };
  });
  const best = <T extends FrontierPoint>(ps: readonly T[], key: (p: T) => number): T | undefined => [...ps].sort((a, b) => key(b) - key(a))[0];
  const atAnswerable80 = best(points.filter((p) => p.answerableTop1 >= 0.8), (p) => p.unanswerableRefused + 1e-6 * p.answerableTop1);
  const atRefused60 = best(points.filter((p) => p.unanswerableRefused >= 0.6), (p) => p.answerableTop1 + 1e-6 * p.unanswerableRefused);
  return {
    folds, lambda,
    ceiling: items.filter((it) => it.topCorrect).length / nA,
    atAnswerable80, atRefused60,
    bestAccuracy: best(points, (p) => p.accuracy) ?? { answerableTop1: 0, unanswerableRefused: 1, accuracy: nU / items.length },
    bothTargets: points.some((p) => p.answerableTop1 >= 0.8 && p.unanswerableRefused >= 0.6),
  };
}
