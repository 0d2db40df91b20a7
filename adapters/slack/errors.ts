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
 * Web API errors Slack returns with HTTP 200 and `ok: false` when the fault is on its side or momentary
 * (https://docs.slack.dev/reference/methods/chat.postMessage, "Errors").
 */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'fatal_error', 'internal_error', 'request_timeout']);

/** One of Slack's own momentary faults, answered with HTTP 200 and `ok: false` (the Web API client retries the rest). */
export function isTransientPlatformError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, data } = e as { code?: unknown; data?: { error?: unknown } };
  return code === 'slack_webapi_platform_error' && TRANSIENT_PLATFORM_ERRORS.has(String(data?.error ?? ''));
}

/**
 * @slack/web-api's coded errors: rate limited, a request that never got an answer, an HTTP error status, one of
 * the platform errors above; and network failures. Any other platform error (channel_not_found, not_in_channel,
 * invalid_auth, …) is permanent, as is anything else.
 */
export function isTransient(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (code === 'slack_webapi_platform_error') return isTransientPlatformError(e);
  return /slack_webapi_(rate_limited|request|http)_error/.test(code) || isNetworkError(e);
}
