// Signs that a well-matching sentence does not answer the question after all: the question names a number,
// a negation or the opposite of a word the sentence uses ("left turn" asked, "right turn" written). Questions
// written to look answerable from a passage typically change exactly such a detail.
import { terms, words } from '../text/tokens.js';

const NEGATION = /\b(not|never|no|none|nobody|nothing|neither|nor|without|n't|cannot)\b|n't\b/i;

const OPPOSITES: readonly [string, string][] = [
  ['left', 'right'], ['north', 'south'], ['east', 'west'], ['before', 'after'], ['first', 'last'], ['more', 'less'],
  ['most', 'least'], ['largest', 'smallest'], ['biggest', 'smallest'], ['highest', 'lowest'], ['increase', 'decrease'],
  ['increased', 'decreased'], ['increasing', 'decreasing'], ['rise', 'fall'], ['rose', 'fell'], ['rising', 'falling'],
  ['win', 'lose'], ['won', 'lost'], ['early', 'late'], ['earliest', 'latest'], ['maximum', 'minimum'], ['upper', 'lower'],
  ['inside', 'outside'], ['above', 'below'], ['major', 'minor'], ['positive', 'negative'], ['start', 'end'], ['begin', 'end'],
  ['rising', 'decreasing'], ['rise', 'decrease'], ['increase', 'fall'], ['heat', 'cold'], ['hot', 'cold'], ['oldest', 'newest'], ['older', 'younger'], ['longest', 'shortest'], ['accept', 'reject'], ['allow', 'forbid'],
];

const NUMBERISH = /^\d[\d.,]*(st|nd|rd|th|s)?$/;

const ORDINALS = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];

/** Numbers in the question ("1875", "22nd") that the evidence does not contain, as digits or ("3rd") as a word. */
function missingNumbers(qWords: readonly string[], evidence: ReadonlySet<string>): string[] {
  return qWords.filter((w) => {
    if (!NUMBERISH.test(w)) return false;
    const bare = w.replace(/(st|nd|rd|th|s)$/, '');
    const word = /(st|nd|rd|th)$/.test(w) ? ORDINALS[Number(bare)] : undefined;
    return !evidence.has(w) && !evidence.has(bare) && !(word && evidence.has(word));
  });
}

export interface Mismatch {
  reason: 'number' | 'negation' | 'opposite' | 'name';
  detail: string;
}

// Capitalised words after the first: names the question is about ("Seven-Day War", "July"); a possessive
// ends the name ("SP's" gives SP).
const NAME_WORD = /(?<=\s)[A-Z][\p{L}-]+/gu;

/** The names a question gives (see NAME_WORD), as written. */
export function questionNames(question: string): string[] {
  return [...question.matchAll(NAME_WORD)].map((m) => m[0]);
}

const CAPITALISED_RUN = /[A-Z][\p{L}'’-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*[A-Z][\p{L}'’-]*)+/gu;

/** Initialisms a text spells out: "European Union" gives EU, "the Scottish Parliament" SP, "European Court of Justice" ECJ. */
export function initialisms(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.matchAll(CAPITALISED_RUN)) {
    const initials = run[0].split(/\s+/).filter((w) => /^[A-Z]/.test(w)).map((w) => w[0] ?? '');
    // every stretch of the run, so that "The Scottish Parliament" also gives SP
    for (let i = 0; i < initials.length; i++) for (let j = i + 2; j <= Math.min(initials.length, i + 6); j++) out.add(initials.slice(i, j).join(''));
  }
  return out;
}

export const ACRONYM = /^[A-Z]{2,6}$/;

/**
 * `evidence`: the answer sentence with its immediate context (the sentences before it, the title);
 * `documentTerms` and `documentInitialisms`: the terms of the whole article and the initialisms it spells
 * out (see initialisms), for names the question mentions.
 */
export function findMismatch(question: string, sentence: string, evidence: string, documentTerms: ReadonlySet<string>, documentInitialisms: ReadonlySet<string> = new Set()): Mismatch | undefined {
  const q = words(question);
  const ev = new Set(words(evidence));
  const numbers = missingNumbers(q, ev);
  if (numbers.length) return { reason: 'number', detail: numbers.join(', ') };
  if (NEGATION.test(question) && !NEGATION.test(sentence)) return { reason: 'negation', detail: question.match(NEGATION)?.[0] ?? '' };
  // compared as terms, so "Huguenot" is found in "Huguenots"
  const absentName = questionNames(question).find((n) => !(ACRONYM.test(n) && documentInitialisms.has(n)) && terms(n).some((t) => !documentTerms.has(t)));
  if (absentName) return { reason: 'name', detail: absentName };
  const qs = new Set(q);
  for (const [a, b] of OPPOSITES) {
    for (const [asked, other] of [[a, b], [b, a]] as const) {
      if (qs.has(asked) && !ev.has(asked) && ev.has(other)) return { reason: 'opposite', detail: `${asked}/${other}` };
    }
  }
  return undefined;
}
