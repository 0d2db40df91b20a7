// respond() through a command's response_url, retried: Bolt posts once and throws on any status, so a brief
// was lost to a 10-second outage of Slack's endpoint. A response_url takes 5 posts within 30 minutes; a failed post
// is retried on a 5xx, a 429 or a network failure, waiting RESPOND_RETRY_DELAYS_MS between tries.
import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { isNetworkError } from '../kit/replies.js';
import { withRetries } from '../kit/retry.js';

/** Waits before the 2nd, 3rd and 4th tries: an outage of ~20 s is ridden out, well inside 30 minutes. */
export const RESPOND_RETRY_DELAYS_MS: readonly number[] = [1000, 4000, 15000];

function worthRetry(e: unknown): boolean {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number') return status >= 500 || status === 429;
  return isNetworkError(e);
}

export function retryingRespond(respond: RespondFn, logger: Logger, delaysMs: readonly number[] = RESPOND_RETRY_DELAYS_MS): RespondFn {
  return (message) =>
    withRetries(() => respond(message), delaysMs, worthRetry, (err, attempt) => logger.warn({ err, attempt }, 'response_url post failed; retrying'));
}
