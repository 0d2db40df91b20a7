// "How long", "how far", "how much", "how many hours": the kind of quantity a number question asks for, and whether
// a number found in a sentence is of that kind ("20" in "Cummings, 20, fell" is an age, not how far he fell).
import { terms } from '../text/tokens.js';
import type { Span } from './question-type.js';

export type QuantityKind = 'duration' | 'distance' | 'money' | 'age' | 'ratio' | { unit: string };

const DURATION = /^(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)|mins?|hrs?)\b/i;
const DISTANCE = /^(?:km|kilomet(?:re|er)s?|miles?|feet|foot|ft|met(?:re|er)s?|yards?|inches|inch|stor(?:ey|y|ie)s|storeys|floors?|blocks?)\b/i;
const CURRENCY_WORD = /^(?:dollars?|euros?|pounds?|cents?|pence|rubles?|roubles?|yuan|yen|rupees?|francs?)\b/i;
const RATIO = /^(?:times|fold|%|per ?cent|percent|percentage points?)/i;
/** Words between a number and its unit: "1.25 million", "30-year", "more than two hours". */
const MULTIPLIER = /^(?:[-\s]*(?:hundred|thousand|million|billion|trillion|m|bn|k)\b)?[-\s]*/i;
const MONEY_QUESTION = /\b(?:cost|costs|costing|pay|paid|pays|fine|fined|worth|price|bill|billed|earn|earned|earns|settle|settled|revenue|raise|raised|spend|spent|budget|salary|bonus|offer|offered|charge|charged|fee|owe|owed|lose|lost|money|dollars|compensation|damages)\b/i;

/** The quantity a number question asks for, or undefined when any number will do. */
export function quantityKind(question: string): QuantityKind | undefined {
  const q = question.toLowerCase();
  if (/\bhow long\b/.test(q)) return 'duration';
  if (/\bhow (?:far|tall|high|deep|wide)\b/.test(q)) return 'distance';
  if (/\bhow old\b/.test(q)) return 'age';
  if (/\bhow much (?:more|less|harder|easier|bigger|smaller|larger|higher|lower|faster|slower|longer|shorter|stronger|weaker|better|worse)\b|\bwhat (?:percentage|proportion|share)\b|\bby how much\b/.test(q)) return 'ratio';
  if (/\bhow much\b/.test(q) && MONEY_QUESTION.test(q)) return 'money';
  const many = /\bhow many ([\p{L}-]+)/u.exec(q)?.[1];
  if (many) {
    if (DURATION.test(many)) return 'duration';
    if (DISTANCE.test(many)) return 'distance';
    const unit = terms(many)[0];
    return unit ? { unit } : undefined;
  }
  return undefined;
}

/** Whether the number `span` in `sentence` is a quantity of `kind`: judged by its unit, currency sign or context. */
export function isOfKind(kind: QuantityKind, span: Span, sentence: string): boolean {
  const after = sentence.slice(span.start + span.text.length);
  const unit = after.replace(MULTIPLIER, '');
  const text = span.text;
  const before = sentence.slice(Math.max(0, span.start - 12), span.start);
  switch (kind) {
    case 'duration':
      return DURATION.test(unit) || /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b/i.test(text);
    case 'distance':
      return DISTANCE.test(unit) || DISTANCE.test(text.replace(/^[\d.,\s]+/, ''));
    case 'money':
      return /^[$€£¥]|[$€£¥]\s?$/.test(text) || /[$€£¥]\s?$/.test(before) || CURRENCY_WORD.test(unit);
    case 'age':
      return /^[-\s]*years?[-\s]old\b|^[-\s]*year-old/i.test(after) || /\baged?\s*$/i.test(before) || (/,\s*$/.test(before) && /^\s*,/.test(after));
    case 'ratio':
      return RATIO.test(unit) || /%|per ?cent|percent|times/i.test(text);
    default: {
      // "how many doses": the number counts doses ("15,000 doses", "15,000 of the doses")
      const next = terms(unit.split(/\s+/).slice(0, 3).join(' '));
      return terms(text).includes(kind.unit) || next.includes(kind.unit);
    }
  }
}
