// ROUGE-1/2/L F1 through js-rouge, with the tokenisation of Google's rouge-score package (the common
// convention today): lower-case, every non-alphanumeric character a separator, Porter stemming of tokens
// longer than 3 characters. ROUGE-L is the LCS over the whole text (rouge-score's "rougeL", not "rougeLsum").
// Several references: the score against each reference is averaged (ROUGE-1.5.5's default, "-f A").
import { l as rougeL, n as rougeN } from 'js-rouge';
import { stemmer } from 'stemmer';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** rouge-score's tokenizer with stemming: `[^a-z0-9]+` separates, tokens of 4+ characters are Porter-stemmed. */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t.length > 0)
    .map((t) => (t.length > 3 ? stemmer(t) : t));
}

const wholeText = (s: string): string[] => [s];

function againstOne(candidate: string, reference: string): RougeScores {
  // js-rouge rejects empty strings; an empty candidate (or one without a single token) scores 0
  if (rougeTokens(candidate).length === 0 || rougeTokens(reference).length === 0) return { rouge1: 0, rouge2: 0, rougeL: 0 };
  return {
    rouge1: rougeN(candidate, reference, { n: 1, tokenizer: rougeTokens }),
    rouge2: rougeN(candidate, reference, { n: 2, tokenizer: rougeTokens }),
    rougeL: rougeL(candidate, reference, { tokenizer: rougeTokens, segmenter: wholeText }),
  };
}

/** F1 scores of `candidate` against the references, averaged over the references. */
export function rouge(candidate: string, references: readonly string[]): RougeScores {
  if (references.length === 0) throw new Error('rouge: no reference');
  const each = references.map((r) => againstOne(candidate, r));
  return meanScores(each);
}

export function meanScores(scores: readonly RougeScores[]): RougeScores {
  const mean = (f: (s: RougeScores) => number): number => (scores.length === 0 ? 0 : scores.reduce((a, s) => a + f(s), 0) / scores.length);
  return { rouge1: mean((s) => s.rouge1), rouge2: mean((s) => s.rouge2), rougeL: mean((s) => s.rougeL) };
}

/** Words as the budget counts them: whitespace-separated tokens. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** The first `budget` whitespace-separated words of a text (ROUGE-1.5.5's `-l`-style truncation, by words). */
export function truncateWords(text: string, budget: number): string {
  return text.split(/\s+/).filter((w) => w.length > 0).slice(0, Math.max(0, budget)).join(' ');
}

/** The word budget of a cluster: the reference's word count (the mean, rounded, when there are several). */
export function wordBudget(references: readonly string[]): number {
  if (references.length === 0) return 0;
  return Math.round(references.reduce((a, r) => a + wordCount(r), 0) / references.length);
}
