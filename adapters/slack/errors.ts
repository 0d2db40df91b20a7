// The one place the Slack door turns errors into words: a UserError's message as is, anything else an
// apology for the user and a log line with context for us.
import { escapeSlack } from '../../src/render/slack.js';
import { isUserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';

export const APOLOGY = 'Sorry, something went wrong while working on that. Please try again in a moment.';

export function userFacingMessage(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isUserError(error)) {
    logger.info({ ...context, code: error.code }, `user error: ${error.message}`);
    return escapeSlack(error.message);
  }
  logger.error({ ...context, err: error }, 'slack handler failed');
  return APOLOGY;
}
