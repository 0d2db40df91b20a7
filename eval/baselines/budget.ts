// Shared by every system: take sentences in the given order until the word budget is reached, then cut.
import { splitSentences } from '../../src/text/sentences.js';
import { truncateWords, wordCount } from '../rouge.js';

/** Sentences in order, as many as the budget needs; the last one is cut so the text has at most `budget` words. */
export function fillBudget(sentences: readonly string[], budget: number): string {
  const picked: string[] = [];
  let words = 0;
  for (const s of sentences) {
    if (words >= budget) break;
    const n = wordCount(s);
    if (n === 0) continue;
    picked.push(s.trim());
    words += n;
  }
  return truncateWords(picked.join(' '), budget);
}

/** Each document's sentences, split the same way the bot's store splits them. */
export function documentSentences(documents: readonly string[]): string[][] {
  return documents.map((d) => splitSentences(d));
}
