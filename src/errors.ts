// Two kinds of error (as in bolt-js's errors.ts and Sapphire's UserError): a UserError is something a person can
// fix, with a stable code and a message fit to show in chat; a BotError is an internal failure with a stable code,
// logged with its context and answered with an apology (never its message, which may leak internals).
export type UserErrorCode =
  | 'EMPTY_QUESTION'
  | 'QUESTION_TOO_LONG'
  | 'BAD_ARGUMENT'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_INPUT_FILE'
  | 'CONFIG'
  /** A URL the fetcher will not fetch: not http(s), credentials in it, or a private address (see FETCH_ALLOW_HOSTS). */
  | 'FETCH_REFUSED'
  /** A fetch that failed: network error, timeout, size limit, redirects, a non-2xx status, a bad body. */
  | 'FETCH_FAILED'
  /** A followed feed's text is not a feed: empty, malformed XML, an HTML page, JSON that is no JSON Feed. */
  | 'BAD_FEED'
  /** A fetched web page holds no article text. */
  | 'BAD_PAGE'
  /** Too much work is waiting (the reader threads' queue is full): try again in a moment. */
  | 'BUSY'
  /** One person or one channel asked too often (USER_REQUESTS_PER_MINUTE, CHANNEL_REQUESTS_PER_MINUTE). */
  | 'RATE_LIMITED';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type BotErrorCode =
  /** A digest is due on a platform whose adapter is not running here. */
  | 'NO_ADAPTER'
  /** The chat platform refused or failed a call. */
  | 'PLATFORM'
  /** Anything not raised by briefbot itself. */
  | 'UNKNOWN';

export class BotError extends Error {
  override readonly name = 'BotError';
  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Any thrown value as a coded error: UserErrors and BotErrors as they are, the rest wrapped as UNKNOWN. */
export function asCodedError(e: unknown): UserError | BotError {
  if (e instanceof UserError || e instanceof BotError) return e;
  return new BotError('UNKNOWN', errorMessage(e), { cause: e });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
