// `/brief subscribe` arguments, parsed in one place for every platform: Slack and the console send one line of
// text, Discord sends named options; both end as the same checked SubscribeArgs (a timezone alias is stored as
// its canonical Region/City name, "Japan" → "Asia/Tokyo").
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { parseTimeOfDay, requireTimezone, TIME_FORMS } from './time.js';
import { echo } from '../render/echo.js';

export const SUBSCRIBE_USAGE = `Usage: subscribe [time] [timezone] [weekdays] [topic] — time as ${TIME_FORMS}; timezone as an IANA name (Europe/London, America/New_York, UTC); "weekdays" to skip Saturdays and Sundays; e.g. "subscribe 08:30 Asia/Yerevan weekdays armenia".`;

/** What a person gave: every field optional (defaults come from the configuration). */
export interface SubscribeOptions {
  time?: string;
  timezone?: string;
  weekdays?: boolean;
  topic?: string;
}

export interface SubscribeArgs {
  timeOfDay: string;
  timezone: string;
  topic: string;
  weekdaysOnly: boolean;
}

/** "[HH:MM] [timezone] [weekdays] [topic…]" → options; a word is only taken for a time or zone where it can be one. */
function optionsFromText(text: string): SubscribeOptions {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const options: SubscribeOptions = {};
  if (tokens[0] && /^\d/.test(tokens[0])) options.time = tokens.shift();
  if (tokens[0] && (tokens[0].includes('/') || /^(utc|gmt)$/i.test(tokens[0]))) options.timezone = tokens.shift()!.replace(/^(utc|gmt)$/i, 'UTC');
  if (tokens[0] && /^weekdays?$/i.test(tokens[0])) {
    options.weekdays = true;
    tokens.shift();
  }
  options.topic = tokens.join(' ');
  return options;
}

/** Checks and completes the arguments; a UserError says what is wrong (with the text form's usage for text). */
export function parseSubscribeArgs(input: string | SubscribeOptions, defaults: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ'>): SubscribeArgs {
  const options = typeof input === 'string' ? optionsFromText(input) : input;
  const help = typeof input === 'string' ? ` ${SUBSCRIBE_USAGE}` : '';
  const timeOfDay = options.time === undefined ? defaults.DIGEST_TIME : parseTimeOfDay(options.time);
  if (!timeOfDay) throw new UserError('BAD_ARGUMENT', `“${echo(options.time ?? '')}” is not a time I understand: use ${TIME_FORMS}.${help}`);
  const timezone = requireTimezone(options.timezone ?? defaults.DIGEST_TZ);
  return { timeOfDay, timezone, weekdaysOnly: options.weekdays ?? false, topic: options.topic?.trim() ?? '' };
}
