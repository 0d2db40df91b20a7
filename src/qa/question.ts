import { UserError } from '../errors.js';

export const QUESTION_USAGE = 'Ask me a question about the news in my store, e.g. "Who met whom?" or "How many doses were delivered?"';

/** Strips control characters and checks the length; throws a UserError a person can act on. */
export function validateQuestion(raw: string, maxChars: number): string {
  // eslint-disable-next-line no-control-regex
  const q = raw.replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!q) throw new UserError('EMPTY_QUESTION', `Your question is empty. ${QUESTION_USAGE}`);
  if (q.length > maxChars) {
    throw new UserError('QUESTION_TOO_LONG', `Your question is ${q.length} characters long; the limit is ${maxChars}. Please ask something shorter.`);
  }
  return q;
}
