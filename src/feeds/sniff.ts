// What a fetched text is, judged cheaply from its start (at most 64 KiB): the root element of an XML
// document (past the prolog, comments and DOCTYPE), an HTML page, a JSON object, or none of these.
// parseFeed uses it to choose a parser and to say clearly what it was given instead of a feed.

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'rss' | 'rdf' | 'atom' }
  | { kind: 'json'; jsonFeed: boolean }
  | { kind: 'html' }
  | { kind: 'xml'; root: string }
  | { kind: 'text' };

const HEAD_CHARS = 64 * 1024;
/** XML declaration, processing instructions, comments, DOCTYPE (with an internal subset) and whitespace. */
const PROLOG = /^(?:\s+|<\?[^]*?\?>|<!--[^]*?-->|<!DOCTYPE[^>[]*(?:\[[^]*?\])?\s*>)*/i;
const ROOT = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/;
const HTML_ROOTS = new Set(['html', 'head', 'body', 'meta', 'title', 'link', 'script', 'style', 'div', 'p', 'span', 'a', 'table']);
const JSON_FEED_VERSION = /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//i;

export function sniff(text: string): Sniffed {
  const head = text.slice(0, HEAD_CHARS).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (!start) return { kind: 'empty' };
  if (start.startsWith('{')) return { kind: 'json', jsonFeed: JSON_FEED_VERSION.test(start) };
  if (/^<!doctype\s+html/i.test(start)) return { kind: 'html' };
  if (!start.startsWith('<')) return { kind: 'text' };
  const rest = start.slice(PROLOG.exec(start)?.[0].length ?? 0);
  const root = ROOT.exec(rest);
  if (!root?.[2]) return { kind: /^\s*$/.test(rest) ? 'empty' : 'text' };
  const name = root[2].toLowerCase();
  if (name === 'rss') return { kind: 'rss' };
  if (name === 'feed') return { kind: 'atom' };
  if (name === 'rdf') return { kind: 'rdf' };
  if (HTML_ROOTS.has(name)) return { kind: 'html' };
  return { kind: 'xml', root: root[1] ? `${root[1]}:${root[2]}` : root[2] };
}
