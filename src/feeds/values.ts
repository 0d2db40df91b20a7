// The small conversions every feed format needs: a title as plain text, plain text as HTML, a link made
// absolute (http/https only), a stated date as ISO 8601 — or undefined when a value is missing or unusable.
// Nothing here invents a value: an unparseable date is no date, a time zone never stated is not assumed.
import { decodeHTML, escapeUTF8 } from 'entities';

export { absoluteHttpUrl } from '../text/urls.js';

/** An HTML start or end tag (`<b>`, `</a>`, `<img src=x>`); not `<!channel>`, `<@U123>` or `a < b`. */
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/** A title as plain text: tags dropped, HTML entities decoded, whitespace collapsed and trimmed. */
export function plainTitle(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = decodeHTML(value.replace(TAG, '')).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** A title stated as plain text (Atom type="text"): only trimmed, since its `&` and `<` are literal. */
export function trimmed(value: string | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** Plain text as HTML: escaped, one <p> per blank-line-separated paragraph, line breaks as <br>. */
export function textToHtml(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  return value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeUTF8(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Non-blank HTML, else undefined. */
export function html(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}


const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$/i;
/** RFC 822 and its common variants: "Tue, 10 Jun 2025 04:00:00 GMT", "10 June 2025 04:00 +0200". */
const RFC822 = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?/;
const ZONE_AT_END = /(?:\s(?:GMT|UTC?|Z|[ECMP][SD]T)|\s?[+-]\d{2}:?\d{2})$/i;

function plausible(ms: number): boolean {
  // year 1900–2100; exactly 0 is the Unix epoch that broken feeds print for "no date"
  return Number.isFinite(ms) && ms !== 0 && ms >= Date.UTC(1900, 0, 1) && ms < Date.UTC(2101, 0, 1);
}

/**
 * A date as a feed states it, in ISO 8601: the instant, in the offset it was stated in, when it has a zone; as stated when
 * it has a time but no zone (ISO form) or as the day alone (other forms), since the zone is unknown;
 * undefined when it cannot be read. Never the current date, never a guess.
 */
export function feedDate(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const day = ISO_DAY.exec(value);
  if (day) return plausible(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) && validDay(value) ? value : undefined;
  const local = ISO_LOCAL.exec(value);
  if (local) return plausible(Date.parse(`${local[1]}T${local[2]}Z`)) ? `${local[1]}T${local[2]}` : undefined;
  if (ISO_ZONED.test(value)) {
    const normal = value.replace(/^(\d{4}-\d{2}-\d{2})[T ]/, '$1T').replace(/\s+/g, '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return isoInstant(Date.parse(normal), value);
  }
  const rfc = RFC822.exec(value);
  if (!rfc) return undefined;
  // the stated day must exist as stated (the engine's parser would roll "31 Jun" over, or read 0001 as 2001)
  const dayMs = Date.parse(`${rfc[1]} ${rfc[2]} ${rfc[3]} 00:00:00 GMT`);
  const stated = new Date(dayMs);
  if (!plausible(dayMs) || stated.getUTCFullYear() !== Number(rfc[3]) || stated.getUTCDate() !== Number(rfc[1])) return undefined;
  if (ZONE_AT_END.test(value)) return isoInstant(Date.parse(value), value);
  // a day and maybe a time, but no zone: keep the day only
  return stated.toISOString().slice(0, 10);
}

function validDay(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

const NAMED_ZONES: Record<string, number> = { EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

/** The UTC offset, in minutes, that a date string states at its end (0 for GMT/UTC/Z). */
function statedOffset(value: string): number {
  const numeric = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  return NAMED_ZONES[value.slice(-3).toUpperCase()] ?? 0;
}

/** An instant as ISO 8601 in the offset the feed stated it in (so the publisher's local day is kept). */
function isoInstant(ms: number, stated: string): string | undefined {
  if (!plausible(ms)) return undefined;
  const offset = statedOffset(stated);
  if (offset === 0 || Math.abs(offset) > 14 * 60) return new Date(ms).toISOString();
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A sortable instant for an ISO date from feedDate (a zone-less one read as UTC, for ordering only). */
export function dateKey(iso: string | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(iso) || iso.length === 10 ? iso : `${iso}Z`);
}
