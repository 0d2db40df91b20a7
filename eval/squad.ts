// SQuAD's official answer normalisation and token F1 (evaluate-v2.0.py), plus the top-1 sentence check.

/** Lower case, strip punctuation, drop the articles a/an/the, collapse whitespace (SQuAD's normalize_answer). */
export function normaliseAnswer(s: string): string {
  const lower = s.toLowerCase();
  // Python's string.punctuation, as in the official script (non-ASCII punctuation is kept, as there)
  const noPunct = lower.replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g, '');
  const noArticles = noPunct.replace(/\b(a|an|the)\b/g, ' ');
  return noArticles.split(/\s+/).filter((w) => w.length > 0).join(' ');
}

function tokens(s: string): string[] {
  const n = normaliseAnswer(s);
  return n === '' ? [] : n.split(' ');
}

export function exactMatch(prediction: string, gold: string): boolean {
  return normaliseAnswer(prediction) === normaliseAnswer(gold);
}

/** SQuAD token F1 between a prediction and one gold answer. */
export function tokenF1(prediction: string, gold: string): number {
  const p = tokens(prediction);
  const g = tokens(gold);
  // SQuAD 2.0: when either is empty (no-answer), F1 is 1 if both are empty, else 0
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const t of g) remaining.set(t, (remaining.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const c = remaining.get(t) ?? 0;
    if (c > 0) {
      common++;
      remaining.set(t, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Best EM and F1 of a prediction over all gold answers (SQuAD takes the max). */
export function bestSpanScores(prediction: string, golds: readonly string[]): { em: number; f1: number } {
  let em = 0;
  let f1 = 0;
  for (const g of golds) {
    em = Math.max(em, exactMatch(prediction, g) ? 1 : 0);
    f1 = Math.max(f1, tokenF1(prediction, g));
  }
  return { em, f1 };
}

function squash(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether an answer text contains any gold answer, case-insensitively, after whitespace normalisation. */
export function containsGold(text: string, golds: readonly string[]): boolean {
  const t = squash(text);
  return golds.some((g) => squash(g) !== '' && t.includes(squash(g)));
}
