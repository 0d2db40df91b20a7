// Discord's knowledge of its own failures: what the user sees (the kit's words; Discord shows them as they are)
// and which REST failures are worth a retry.
import type { Logger } from '../../src/log.js';
import { isNetworkError, replyToError } from '../kit/replies.js';

export { APOLOGY } from '../kit/replies.js';

export function errorReply(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  return replyToError(error, logger, { platform: 'discord', ...context });
}

/** A REST failure with status 429 or 5xx (DiscordAPIError, HTTPError), or a network failure; the rest is permanent. */
export function isTransient(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const status = (e as { status?: unknown }).status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return isNetworkError(e);
}
