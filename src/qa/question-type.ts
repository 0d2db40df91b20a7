// What kind of answer a question expects, and how to find such an answer inside a sentence.
import { DATE_EXPRESSION } from '../text/dates.js';
import { words } from '../text/tokens.js';

export type AnswerType = 'person' | 'number' | 'date' | 'place' | 'description' | 'other';

export function answerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/^(and |so )?(who|whom)\s+(is|was|are|were)\s+[A-Z]/i.test(question) && /\b(is|was|are|were)\s+[A-Z][\p{L}'’-]+/u.test(question)) {
    return 'description';
  }
  if (/\b(who|whom|whose)\b/.test(q)) return 'person';
  if (/\bhow (many|much|long|old|far|large|big|tall|often)\b|\b(what|which) (number|percentage|amount|proportion)\b/.test(q)) return 'number';
  if (/\bwhen\b|\b(what|which) (year|date|day|month|decade|century|time)\b|\bin what year\b/.test(q)) return 'date';
  if (/\bwhere\b|\b(what|which) (country|city|place|region|state|town|province|continent)\b/.test(q)) return 'place';
  return 'other';
}

export interface Span {
  text: string;
  start: number;
}

const NUMBER = /(?:[$€£]\s?)?\b\d+(?:[.,]\d+)*(?:\s?(?:%|per cent|percent|million|billion|thousand|hundred|km|kilometres|miles|years?|days?|months?|weeks?|hours?|people|doses|troops))?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)(?:\s(?:hundred|thousand|million|billion))*\b/gi;
// A run of capitalised words (allowing "of", "de", "al-" inside): a name of a person, place or organisation.
const NAME = /\b[A-Z][\p{L}'’-]+(?:\s+(?:(?:of|de|da|van|von|al|bin|the)\s+)?[A-Z][\p{L}'’-]+)*/gu;

function matches(re: RegExp, sentence: string): Span[] {
  return [...sentence.matchAll(re)]
    .map((m) => ({ text: m[0].trim().replace(/[.,;:]+$/, ''), start: m.index ?? 0 }))
    .filter((s) => s.text.length > 0);
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.start + b.text.length && b.start < a.start + a.text.length;
}

const PLACE_CUE = /\b(?:in|at|near|from|to|into|outside|inside)\s+(?:the\s+)?$/i;

/** Candidate answer spans of the expected type; spans made only of question words are excluded. */
export function typedSpans(type: AnswerType, sentence: string, questionWords: ReadonlySet<string>): Span[] {
  let spans: Span[];
  switch (type) {
    case 'number': {
      // a day of the month or a year is not a quantity
      const dates = matches(DATE_EXPRESSION, sentence);
      spans = matches(NUMBER, sentence).filter((n) => !dates.some((d) => overlaps(n, d)));
      break;
    }
    case 'date':
      // the preposition helped find the date; the answer is the date itself ("in 1281" → "1281")
      spans = matches(DATE_EXPRESSION, sentence).map((d) => {
        const lead = /^(?:in|since|by|until|from|of|during|on)\s+(?:the\s+)?/i.exec(d.text)?.[0] ?? '';
        return { text: d.text.slice(lead.length), start: d.start + lead.length };
      });
      break;
    case 'person':
    case 'place': {
      // the first word of a sentence is capitalised anyway: keep it only when a name follows
      const names = matches(NAME, sentence).filter((s) => s.start > 0 || s.text.includes(' '));
      const isPlace = (s: Span) => PLACE_CUE.test(sentence.slice(Math.max(0, s.start - 12), s.start));
      spans = type === 'place' ? names.filter(isPlace) : [...names.filter((s) => !isPlace(s) && s.text.includes(' ')), ...names.filter((s) => !isPlace(s) && !s.text.includes(' '))];
      break;
    }
    default:
      return [];
  }
  return spans.filter((s) => words(s.text).some((w) => !questionWords.has(w)));
}

/** For "who is X?": the appositive that follows X in the sentence ("X, a political analyst, said…"). */
export function descriptionSpan(question: string, sentence: string): Span | undefined {
  const subject = /\b(?:is|was|are|were)\s+(.+?)\??$/i.exec(question)?.[1]?.trim();
  if (!subject) return undefined;
  const at = sentence.toLowerCase().indexOf(subject.toLowerCase());
  if (at < 0) return undefined;
  const after = sentence.slice(at + subject.length);
  const m = /^\s*,\s*((?:the|a|an|who|which)\b[^,;]*(?:,\s*(?:and|or)\s[^,;]*)?)/i.exec(after) ?? /^\s*\(([^)]+)\)/.exec(after);
  if (!m?.[1]) return undefined;
  return { text: m[1].trim(), start: at + subject.length + after.indexOf(m[1]) };
}
