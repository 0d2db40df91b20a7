// Paired comparisons over clusters: wins/ties/losses and a seeded bootstrap interval of the mean difference,
// so that a 0.1-point gap on 20 clusters is not read as a real one.
import { mulberry32 } from '../bench/corpus.js';

export interface PairedComparison {
  wins: number;
  ties: number;
  losses: number;
  meanDiff: number;
  /** 95% percentile bootstrap interval of the mean difference (a − b). */
  low: number;
  high: number;
}

export function pairedComparison(a: readonly number[], b: readonly number[], resamples = 2000, seed = 1): PairedComparison {
  if (a.length !== b.length) throw new Error('pairedComparison: lengths differ');
  const diffs = a.map((x, i) => x - (b[i] ?? 0));
  const n = diffs.length;
  const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const eps = 1e-12;
  const result = {
    wins: diffs.filter((d) => d > eps).length,
    ties: diffs.filter((d) => Math.abs(d) <= eps).length,
    losses: diffs.filter((d) => d < -eps).length,
    meanDiff: mean(diffs),
  };
  if (n === 0) return { ...result, low: 0, high: 0 };
  const rand = mulberry32(seed); // seeded, so reports are reproducible
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diffs[Math.floor(rand() * n)] ?? 0;
    means.push(s / n);
  }
  means.sort((x, y) => x - y);
  return { ...result, low: means[Math.floor(0.025 * resamples)] ?? 0, high: means[Math.min(resamples - 1, Math.floor(0.975 * resamples))] ?? 0 };
}
