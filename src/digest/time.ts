// Wall-clock time in a subscriber's timezone, from an injected instant: no global fake timers needed to test
// timezones east and west of UTC or a DST switch.
import { UserError } from '../errors.js';
import { canonicalTimezone, isValidTimezone, zoneFormatter } from '../timezone.js';
import { echo } from '../render/echo.js';

export interface LocalTime {
  /** YYYY-MM-DD in the timezone. */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localTime(now: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(zoneFormatter(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

export const TIME_FORMS = 'HH:MM in 24-hour time (08:00, 18:30), or 8am / 6:30pm';

/** "8", "08:00", "8am", "6:30 pm" → "HH:MM"; undefined when the text is not a time. */
export function parseTimeOfDay(text: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const suffix = m[3]?.toLowerCase();
  if (suffix) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (m[2] === undefined) {
    return undefined; // a bare number is too ambiguous to be a time ("/brief subscribe 5 …")
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The timezone's canonical name, or a UserError a person can act on. */
export function requireTimezone(tz: string): string {
  if (!isValidTimezone(tz)) {
    throw new UserError('BAD_ARGUMENT', `“${echo(tz)}” is not a timezone I know. Use an IANA name such as Europe/London, America/New_York, Asia/Yerevan or UTC.`);
  }
  return canonicalTimezone(tz);
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
