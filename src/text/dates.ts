// Dates written in article text: datelines ("8 April 2021", "April 8, 2021", "2021-04-08") and,
// for Q&A, any expression that can answer "when".
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';

const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;

function monthIndex(name: string): number {
  const n = name.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3)));
}

function iso(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m, d));
  if (date.getUTCMonth() !== m || d < 1 || y < 1900 || y > 2100) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The first full calendar date in a line of text, as YYYY-MM-DD. */
export function parseDate(text: string): string | undefined {
  let m = ISO.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = DAY_MONTH_YEAR.exec(text);
  if (m?.[2]) return iso(Number(m[3]), monthIndex(m[2]), Number(m[1]));
  m = MONTH_DAY_YEAR.exec(text);
  if (m?.[1]) return iso(Number(m[3]), monthIndex(m[1]), Number(m[2]));
  return undefined;
}

/**
 * A dateline: a short line near the top of an article that is (mostly) a date.
 * A date inside a sentence is about an event, not the article, so it is not taken.
 */
export function findDateline(lines: readonly string[]): string | undefined {
  for (const line of lines.slice(0, 8)) {
    const t = line.trim();
    if (t.length === 0 || t.length > 60) continue;
    const d = parseDate(t);
    if (d) return d;
  }
  return undefined;
}

const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
/** Date-like expressions, for "when" questions. */
export const DATE_EXPRESSION = new RegExp(
  [
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?`,
    `\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`,
    `\\b(?:in|since|by|until|from|of|during)\\s+${MONTH}(?:\\s+\\d{4})?`,
    `\\b(?:in|since|by|until|from|during)\\s+(?:the\\s+)?(?:\\d{4}s?|\\d{1,2}(?:st|nd|rd|th)\\s+century)`,
    `\\b(?:on\\s+)?${WEEKDAY}`,
    `\\b(?:1[5-9]\\d{2}|20\\d{2})s?\\b`,
    `\\b(?:yesterday|today|tomorrow|last\\s+(?:week|month|year)|next\\s+(?:week|month|year))\\b`,
  ].join('|'),
  'gi',
);
