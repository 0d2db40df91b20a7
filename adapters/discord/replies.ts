// One place that turns errors into chat replies, and the mention policy every send uses.
import type { MessageMentionOptions } from 'discord.js';
import { isUserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';

/** Nobody is pinged by anything the bot sends, including the person it replies to. */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** A UserError's message is safe to show; anything else is logged with context and answered with an apology. */
export function errorReply(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isUserError(error)) return error.message;
  logger.error({ err: error, ...context }, 'discord: request failed');
  return APOLOGY;
}
