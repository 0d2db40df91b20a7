// Slack's knowledge of its own failures: what the user sees (the kit's words, escaped for mrkdwn) and which
// Web API errors are worth a retry.
import type { Logger } from '../../src/log.js';
import { isNetworkError, replyToError } from '../kit/replies.js';
import { escapeSlack } from './render.js';

export { APOLOGY } from '../kit/replies.js';

export function userFacingMessage(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  return escapeSlack(replyToError(error, logger, { platform: 'slack', ...context }));
}

/**
 * @slack/web-api's coded errors: rate limited, a request that never got an answer, an HTTP error status; and
 * network failures. A platform error (channel_not_found, not_in_channel, …) is permanent, as is anything else.
 */
export function isTransient(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = String((e as { code?: unknown }).code ?? '');
  return /slack_webapi_(rate_limited|request|http)_error/.test(code) || isNetworkError(e);
}
