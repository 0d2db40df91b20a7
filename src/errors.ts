// Errors a user can cause carry a stable code and a message fit to show in chat;
// anything else is an internal error: logged with context, answered with a short apology.
export type UserErrorCode =
  | 'EMPTY_QUESTION'
  | 'QUESTION_TOO_LONG'
  | 'BAD_ARGUMENT'
  | 'NOT_FOUND'
  | 'BAD_INPUT_FILE'
  | 'CONFIG';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
