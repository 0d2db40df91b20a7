// User text quoted back in a reply (a topic, a question, a time or URL that was not understood).
/**
 * Characters never echoed from user text: controls (C0, C1) and the bidirectional overrides, embeddings, isolates
 * and marks, with which "/brief" + U+202E + "txt.exe" would read backwards in the reply.
 */
const UNECHOED = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** User text as a reply may quote it: unprintables dropped, whitespace collapsed, at most `max` characters. */
export function echo(text: string, max = 80): string {
  const clean = text.replace(UNECHOED, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${[...clean].slice(0, max - 1).join('').trimEnd()}…`;
}
