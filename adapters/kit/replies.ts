// The one place any door turns an error into what the user sees: a UserError's own message (it is written for
// them), anything else one apology, with the error logged under its code and the handler's context.
import { asCodedError, isUserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';

export const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** Plain text for the user (each platform escapes it for its markup). */
export function replyToError(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (isUserError(error)) {
    logger.info({ ...context, code: error.code }, `user error: ${error.message}`);
    return error.message;
  }
  logger.error({ ...context, err: error, code: asCodedError(error).code }, 'request failed');
  return APOLOGY;
}

/** Network failures worth retrying on any platform (Node's and undici's codes). */
export function isNetworkError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? String((e as { code?: unknown }).code ?? '') : '';
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|EPIPE|UND_ERR/i.test(code);
}
