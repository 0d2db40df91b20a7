// Feed items and fetched pages → NewDocuments, through the same HTML path as article files (Readability over
// linkedom; scripts, styles and iframes never reach the text) and buildArticle. An item that carries only a
// teaser is not made into an article: needsPage says so, and the caller fetches the item's page instead.
// Text is stored as data, verbatim: mentions and "instructions" in it are escaped by the renderers.
import type { NewDocument } from '../domain.js';
import { UserError } from '../errors.js';
import { buildArticle } from '../ingest/article.js';
import { articleHtmlToText, parseHtml } from '../ingest/formats.js';
import { htmlToText } from '../ingest/html-text.js';
import { parseDate } from '../text/dates.js';
import type { FeedItem } from './parse.js';
import { absoluteHttpUrl, feedDate } from './values.js';

/** Below this many characters of text, an item's content or summary is a teaser, not the article. */
export const MIN_ARTICLE_CHARS = 600;

export interface FeedSource {
  /** The outlet's name, as configured for the feed. */
  name: string;
  feedUrl: string;
}

export interface PageFallback {
  /** The title to use when the page states none (e.g. the feed item's). */
  title?: string;
  /** The outlet's name; when empty, the page's og:site_name, else its host name. */
  source: string;
  /** The date to use when the page states none (e.g. the feed item's). */
  publishedAt?: string;
  /** Where the document came from, for messages (default: the page URL; a feed URL when it came from one). */
  origin?: string;
}

function hostName(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The HTML the item itself offers as its article, or undefined when the page must be fetched. */
function ownArticleHtml(item: FeedItem): string | undefined {
  const contentChars = item.contentHtml ? htmlToText(item.contentHtml).length : 0;
  if (contentChars >= MIN_ARTICLE_CHARS) return item.contentHtml;
  const summaryChars = item.summaryHtml ? htmlToText(item.summaryHtml).length : 0;
  if (summaryChars >= MIN_ARTICLE_CHARS) return item.summaryHtml;
  // short full text is all there is when no page can be fetched; a short summary is never an article
  if (contentChars > 0 && !item.url) return item.contentHtml;
  return undefined;
}

/**
 * True when the item does not carry its article: its full text and its summary are both under
 * MIN_ARTICLE_CHARS characters of text (a short full text still counts when the item has no page to fetch).
 */
export function needsPage(item: FeedItem): boolean {
  return ownArticleHtml(item) === undefined;
}

/**
 * The item as a document when it carries its article (see needsPage), else undefined: then the caller
 * fetches item.url and uses pageToArticle. Title, URL and date are the item's; origin is the feed URL.
 */
export function itemToArticle(item: FeedItem, source: FeedSource): NewDocument | undefined {
  const html = ownArticleHtml(item);
  if (html === undefined) return undefined;
  const name = source.name.trim() || hostName(item.url ?? source.feedUrl);
  try {
    return buildArticle(articleHtmlToText(html), { title: item.title, source: name, url: item.url, publishedAt: item.publishedAt }, name, source.feedUrl);
  } catch (e) {
    if (e instanceof UserError) return undefined; // nothing left once boilerplate is removed
    throw e;
  }
}

/** The canonical link, when it stays on the page's own site (else a page could claim another outlet's URL). */
function sameSiteCanonical(canonical: string | undefined, pageUrl: string): string | undefined {
  if (!canonical) return undefined;
  const a = hostName(canonical);
  const b = hostName(pageUrl);
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`) ? canonical : undefined;
}

/** A date the page states, in ISO 8601 (a full timestamp or a day), when it can be read. */
function pageDate(raw: string | undefined): string | undefined {
  return raw ? (feedDate(raw) ?? parseDate(raw)) : undefined;
}

/**
 * A fetched page as a document: Readability's text; the page's title, else fallback.title; the page's
 * canonical URL (same site only), else pageUrl; the date from article:published_time, JSON-LD
 * datePublished or <time datetime>, else fallback.publishedAt, else none. Throws UserError('BAD_PAGE')
 * when the page holds no article text.
 */
export function pageToArticle(html: string, pageUrl: string, fallback: PageFallback): NewDocument {
  const { text, meta } = parseHtml(html, pageUrl);
  const source = fallback.source.trim() || meta.source || hostName(pageUrl);
  const url = sameSiteCanonical(meta.url, pageUrl) ?? absoluteHttpUrl(pageUrl, pageUrl);
  const publishedAt = pageDate(meta.publishedAt) ?? pageDate(fallback.publishedAt);
  try {
    return buildArticle(text, { title: meta.title ?? fallback.title, source, url, publishedAt }, source, fallback.origin ?? pageUrl);
  } catch (e) {
    if (e instanceof UserError) throw new UserError('BAD_PAGE', `no article text found in the page at ${pageUrl}`);
    throw e;
  }
}
