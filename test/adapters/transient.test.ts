// Which failed digest posts each platform retries: its own error shapes, not a guess in the core.
import { describe, expect, it } from 'vitest';
import { isTransient as discordTransient } from '../../adapters/discord/errors.js';
import { isTransient as slackTransient } from '../../adapters/slack/errors.js';
import { BotError, UserError } from '../../src/errors.js';

const err = (fields: Record<string, unknown>) => Object.assign(new Error('x'), fields);

describe('isTransient', () => {
  it('Slack: rate limits, unanswered requests, HTTP errors, Slack-side ok:false errors and network failures are retried; other platform errors are not', () => {
    for (const code of ['slack_webapi_rate_limited_error', 'slack_webapi_request_error', 'slack_webapi_http_error', 'ECONNRESET', 'ETIMEDOUT']) {
      expect(slackTransient(err({ code })), code).toBe(true);
    }
    for (const error of ['service_unavailable', 'internal_error', 'fatal_error', 'request_timeout', 'ratelimited']) {
      expect(slackTransient(err({ code: 'slack_webapi_platform_error', data: { ok: false, error } })), error).toBe(true);
    }
    for (const e of [err({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } }), new UserError('BAD_ARGUMENT', 'x'), new BotError('NO_ADAPTER', 'x'), 'text', null]) {
      expect(slackTransient(e)).toBe(false);
    }
  });

  it('Discord: 429 and 5xx statuses and network failures are retried; 4xx (unknown channel, missing access) are not', () => {
    for (const e of [err({ status: 429 }), err({ status: 500 }), err({ status: 503 }), err({ code: 'ECONNREFUSED' }), err({ code: 'UND_ERR_CONNECT_TIMEOUT' })]) {
      expect(discordTransient(e)).toBe(true);
    }
    for (const e of [err({ status: 403 }), err({ status: 404 }), new UserError('BAD_ARGUMENT', 'x'), undefined]) {
      expect(discordTransient(e)).toBe(false);
    }
  });
});
