// Finding a site's feeds from one of its pages (<link rel="alternate" type="application/rss+xml" …>),
// and telling a feed from an HTML page cheaply, before choosing parseFeed or the page path.
import { parseHTML } from 'linkedom';
import { sniff } from './sniff.js';
import { absoluteHttpUrl } from './values.js';

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json']);
/** WordPress marks its REST API `application/json` alternate too; that is no feed. */
const NOT_A_FEED = /\/wp-json\//i;

/** The media type without parameters, lower-cased: "Application/RSS+XML; charset=utf-8" → "application/rss+xml". */
function mediaType(value: string | null | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The absolute URLs of the feeds a page announces with <link rel="alternate" type="…rss+xml|atom+xml|
 * feed+json|json">, in document order, without repeats. Relative hrefs resolve against the page's <base
 * href> (itself resolved against pageUrl) or pageUrl; only http(s) URLs are returned.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html);
  const baseHref = document.querySelector('base[href]')?.getAttribute('href') ?? undefined;
  const base = absoluteHttpUrl(baseHref, pageUrl) ?? pageUrl;
  const found = new Set<string>();
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate') || !FEED_TYPES.has(mediaType(link.getAttribute('type')))) continue;
    const url = absoluteHttpUrl(link.getAttribute('href') ?? undefined, base);
    if (url && !NOT_A_FEED.test(new URL(url).pathname)) found.add(url);
  }
  return [...found];
}

const FEED_CONTENT_TYPES = /^application\/(?:rss\+xml|atom\+xml|rdf\+xml|feed\+json)$/;

/**
 * Whether fetched text is a feed rather than a page, from its first 64 KiB: an <rss>, Atom <feed> or
 * <rdf:RDF> root, or a JSON object naming a jsonfeed.org version. The text decides over the Content-Type
 * (servers often send feeds as text/html or text/xml, and pages as anything); the Content-Type only
 * settles a JSON object that does not state its version early.
 */
export function looksLikeFeed(text: string, contentType?: string): boolean {
  const sniffed = sniff(text);
  switch (sniffed.kind) {
    case 'rss':
    case 'rdf':
    case 'atom':
      return true;
    case 'json':
      return sniffed.jsonFeed || FEED_CONTENT_TYPES.test(mediaType(contentType));
    default:
      return false;
  }
}
