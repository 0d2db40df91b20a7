// IANA timezone names, checked and canonicalised with the runtime's own Intl data (no feature imports, so
// config.ts can use it).
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter for `timeZone` (throws a RangeError for an unknown zone). */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimezone(tz: string): boolean {
  try {
    zoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** An alias as its canonical Region/City name ("Japan" → "Asia/Tokyo"); the zone must be valid. */
export function canonicalTimezone(tz: string): string {
  return zoneFormatter(tz).resolvedOptions().timeZone;
}
