// Site boilerplate that is not part of the article: membership and subscription appeals, photo credits,
// share prompts, navigation crumbs. Removed line by line, conservatively: only short lines are judged.
const APPEAL = /^(become|join|support|subscribe|sign up|sign in|log ?in|register|donate|newsletter|follow us|share (this|on|via)|read (more|also|next)|related( articles| stories)?|advertisement|sponsored|click here|download (our|the) app|listen to|watch:|you may also like|most read|comments?)\b/i;
const CREDIT_LINE = /^((photo|image|picture|video|credit|source)s?\s*(:|by|credit)|©|\(c\)\s)/i;
const CAPTION_CREDIT = /\b(official|file|stock|press service|handout|archive)?\s*(photo|photograph|image|picture)\s*(by\s+[^.]+|via\s+[^.]+|credit[^.]*)?\.?$/i;
const SHARE_ONLY = /^(share|tweet|email|print|facebook|twitter|whatsapp|telegram|linkedin|copy link)([\s|,/]+(share|tweet|email|print|facebook|twitter|whatsapp|telegram|linkedin|copy link))*$/i;

function wordCount(line: string): number {
  return line.split(/\s+/).filter(Boolean).length;
}

/** True when a line is boilerplate rather than article text. */
export function isBoilerplate(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  const n = wordCount(t);
  if (SHARE_ONLY.test(t)) return true;
  if (n <= 12 && APPEAL.test(t)) return true;
  if (n <= 25 && CREDIT_LINE.test(t)) return true;
  // a photo caption that ends with its credit ("… Vladimir Putin. Official photo.")
  if (n <= 30 && CAPTION_CREDIT.test(t) && /\.\s*\S+(\s+\S+){0,3}\s*(photo|photograph|image|picture)/i.test(t)) return true;
  return false;
}

/** Control characters (except tab and newline) removed; line endings unified; BOM dropped. */
export function normaliseText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B]/g, '')
    .replace(/[ \t\u00A0]+/g, ' ');
}

/** Lines of the article with boilerplate and blank runs removed. */
export function cleanLines(text: string): string[] {
  return normaliseText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !isBoilerplate(l));
}
