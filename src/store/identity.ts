// Stable document identity: the same article twice (same canonical URL, or same normalised text) is one document.
import { createHash } from 'node:crypto';

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Lower-cased host, no fragment, no tracking parameters, no trailing slash. */
export function canonicalUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  for (const key of [...u.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_)/i.test(key)) u.searchParams.delete(key);
  }
  u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  return u.toString();
}

/** Hash of the text with case, punctuation and white space folded. */
export function textHash(text: string): string {
  return sha(text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
}

/** `canonical`: a canonical URL (see canonicalUrl), else the text's hash. */
export function documentId(canonical: string | undefined, hash: string): string {
  return `d_${(canonical ? sha(canonical) : hash).slice(0, 16)}`;
}
