// Feed text → ParsedFeed, for RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed 1.0/1.1. Parsing is feedsmith's
// (one maintained library for all four formats); this module chooses the parser from the document's root,
// refuses what is not a well-formed feed with one clear BAD_FEED line naming the URL, gives every item a
// non-empty guid, collapses duplicate guids to the first, and keeps at most `maxItems`, newest first.
import { createHash } from 'node:crypto';
import { XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRdfFeed, parseRssFeed } from 'feedsmith';
import { z } from 'zod';
import { IsoDate } from '../domain.js';
import { UserError, errorMessage } from '../errors.js';
import { type DraftFeed, type DraftItem, fromAtom, fromJson, fromRdf, fromRss } from './formats.js';
import { sniff } from './sniff.js';
import { dateKey } from './values.js';

const HttpUrl = z.url({ protocol: /^https?$/ });

export const FeedItem = z.object({
  /** The item's id/guid, else its (usable) link, else `sha256:` + a hash of its title and text. Never empty. */
  guid: z.string().min(1),
  /** Absolute http(s) link, resolved against the feed URL. */
  url: HttpUrl.optional(),
  /** Plain text: tags dropped, entities decoded, trimmed. */
  title: z.string().min(1).optional(),
  /** ISO 8601, only when the feed states a readable date (pubDate, published, updated, dc:date, date_published). */
  publishedAt: IsoDate.optional(),
  /** Full text as HTML (content:encoded, Atom <content>, JSON content_html or content_text). Not sanitised. */
  contentHtml: z.string().min(1).optional(),
  /** Summary as HTML (description, Atom <summary>, JSON summary). Not sanitised. */
  summaryHtml: z.string().min(1).optional(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const ParsedFeed = z.object({
  kind: z.enum(['rss', 'rdf', 'atom', 'json']),
  /** The feed's own title, plain text. */
  title: z.string().min(1).optional(),
  /** The feed's home page, absolute. */
  siteUrl: HttpUrl.optional(),
  /** Newest first when items state dates (undated items after them, in document order); else document order. */
  items: z.array(FeedItem),
  /** Items left out because the feed had more than maxItems (the oldest, or the last undated). */
  dropped: z.number().int().nonnegative(),
  /** Items left out because an earlier item had the same guid. */
  duplicates: z.number().int().nonnegative(),
});
export type ParsedFeed = z.infer<typeof ParsedFeed>;

export interface ParseFeedOptions {
  /** At most this many items are kept (default 1000), so one huge feed cannot flood the store. */
  maxItems?: number;
}

export const DEFAULT_MAX_ITEMS = 1000;

function badFeed(message: string): UserError {
  return new UserError('BAD_FEED', message.replace(/\s+/g, ' ').trim());
}

/** Structural XML errors (unclosed, mismatched, truncated, two roots), tolerating the bare `&` many feeds have. */
function xmlProblem(text: string): string | undefined {
  const lenient = text.replace(/&(?![A-Za-z][\w.-]*;|#\d+;|#x[\dA-Fa-f]+;)/g, '&amp;');
  const result = XMLValidator.validate(lenient, { allowBooleanAttributes: true });
  if (result === true) return undefined;
  const { msg, line, col } = result.err;
  const unclosed = /^Invalid '\[([^\]]*)\]' found/.exec(msg.replace(/\s+/g, ' '));
  const what = unclosed ? `unclosed element(s) ${unclosed[1]!.replace(/"/g, '').trim()} (cut short?)` : msg;
  return `${what} at line ${line}, column ${col}`;
}

const KIND_NAME = { rss: 'RSS', rdf: 'RSS 1.0 (RDF)', atom: 'Atom', json: 'JSON Feed' } as const;

/** The document parsed by the format its root names, as a draft; BAD_FEED for anything else. */
function parseDocument(text: string, url: string, base: string): { kind: ParsedFeed['kind']; draft: DraftFeed } {
  const sniffed = sniff(text);
  switch (sniffed.kind) {
    case 'empty':
      throw badFeed(`the feed at ${url} is empty`);
    case 'html':
      throw badFeed(`${url} is an HTML page, not a feed (its <link rel="alternate"> tags may name its feeds)`);
    case 'text':
      throw badFeed(`${url} is not a feed: its text is neither XML nor JSON`);
    case 'xml':
      throw badFeed(`${url} is XML but not a feed: its root element is <${sniffed.root}>, not <rss>, <feed> or <rdf:RDF>`);
    case 'json': {
      let data: unknown;
      try {
        data = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch (e) {
        throw badFeed(`the feed at ${url} is not valid JSON (${errorMessage(e)})`);
      }
      try {
        return { kind: 'json', draft: fromJson(parseJsonFeed(data), base) };
      } catch {
        throw badFeed(`${url} is JSON but not a JSON Feed (no jsonfeed.org version, or no title and items)`);
      }
    }
    default: {
      const { kind } = sniffed;
      const problem = xmlProblem(text);
      if (problem) throw badFeed(`the feed at ${url} is malformed XML: ${problem}`);
      try {
        if (kind === 'rss') return { kind, draft: fromRss(parseRssFeed(text), base) };
        if (kind === 'atom') return { kind, draft: fromAtom(parseAtomFeed(text), base) };
        return { kind, draft: fromRdf(parseRdfFeed(text), base) };
      } catch (e) {
        throw badFeed(`the feed at ${url} could not be read as ${KIND_NAME[kind]} (${errorMessage(e)})`);
      }
    }
  }
}

function guidOf(item: DraftItem): string {
  if (item.id) return item.id;
  const { url, title, contentHtml, summaryHtml } = item.details();
  if (url) return url;
  const hash = createHash('sha256').update(`${title ?? ''}\n${contentHtml ?? summaryHtml ?? ''}`).digest('hex');
  return `sha256:${hash.slice(0, 32)}`;
}

function withoutUndefined(item: FeedItem): FeedItem {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as FeedItem;
}

/**
 * Parses feed text fetched from `url` (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed). Items without links or
 * dates are kept; duplicate guids collapse to the first; past `maxItems` the oldest are dropped and counted.
 * Throws UserError('BAD_FEED') for empty text, malformed XML, an HTML page or anything else not a feed.
 */
export function parseFeed(text: string, url: string, options: ParseFeedOptions = {}): ParsedFeed {
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, not ${maxItems}`);
  let base: string;
  try {
    base = new URL(url).toString();
  } catch {
    throw badFeed(`the feed URL ${JSON.stringify(url)} is not an absolute URL`);
  }
  const { kind, draft } = parseDocument(text, url, base);

  const seen = new Set<string>();
  const items: Array<{ guid: string; draft: DraftItem; key: number; index: number }> = [];
  for (const draftItem of draft.items) {
    const guid = guidOf(draftItem);
    if (seen.has(guid)) continue;
    seen.add(guid);
    items.push({ guid, draft: draftItem, key: dateKey(draftItem.publishedAt), index: items.length });
  }
  const duplicates = draft.items.length - items.length;
  // newest first; undated after dated; otherwise (and on ties) document order
  items.sort((a, b) => {
    const aDated = !Number.isNaN(a.key);
    const bDated = !Number.isNaN(b.key);
    if (aDated && bDated && a.key !== b.key) return b.key - a.key;
    if (aDated !== bDated) return aDated ? -1 : 1;
    return a.index - b.index;
  });
  const kept = items.slice(0, maxItems);
  return ParsedFeed.parse({
    kind,
    title: draft.title,
    siteUrl: draft.siteUrl,
    items: kept.map(({ guid, draft: { publishedAt, details } }) => withoutUndefined({ guid, ...details(), publishedAt })),
    dropped: items.length - kept.length,
    duplicates,
  });
}
