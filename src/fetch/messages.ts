// The two errors the safe fetcher ends with, worded for chat: FETCH_REFUSED (will not fetch) and FETCH_FAILED.
import { UserError } from '../errors.js';

/** A URL as shown in messages: long ones (data: URLs) cut short. */
export function shown(url: string | URL): string {
  const s = String(url);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export function fetchRefused(url: string | URL, why: string): UserError {
  return new UserError('FETCH_REFUSED', `Refused to fetch ${shown(url)}: ${why}`);
}

export function fetchFailed(url: string | URL, why: string): UserError {
  return new UserError('FETCH_FAILED', `Could not fetch ${shown(url)}: ${why}`);
}
