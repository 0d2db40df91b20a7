// From each format's parsed shape (as feedsmith gives it, structure kept per format) to one draft shape:
// title, home link and items with id, link, title, date, full text and summary. Where the formats differ
// on where a value lives (RSS pubDate vs dc:date, Atom content types, JSON content_text) it is settled here.
// Only an item's id and date are read up front (for de-duplication and ordering); the rest is read on
// demand, so a 50,000-item feed cut to its newest 1,000 does not convert 49,000 items it will drop.
import type { AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import { absoluteHttpUrl, feedDate, html, plainTitle, textToHtml, trimmed } from './values.js';

export interface DraftDetails {
  url?: string;
  title?: string;
  contentHtml?: string;
  summaryHtml?: string;
}

export interface DraftItem {
  /** The id the feed gives the item (guid, Atom id, rdf:about, JSON id). */
  id?: string;
  publishedAt?: string;
  /** The item's other values, converted on first call (and remembered). */
  details: () => DraftDetails;
}

export interface DraftFeed {
  title?: string;
  siteUrl?: string;
  items: DraftItem[];
}

function draft(id: string | undefined, publishedAt: string | undefined, read: () => DraftDetails): DraftItem {
  let details: DraftDetails | undefined;
  return { id, publishedAt, details: () => (details ??= read()) };
}

/** The first of the stated dates that can be read. */
function firstDate(...raws: Array<string | undefined>): string | undefined {
  for (const raw of raws) {
    const date = feedDate(raw);
    if (date) return date;
  }
  return undefined;
}

/** An absolute http(s) URL written in full (for a guid that may or may not be a permalink). */
function fullUrl(value: string | undefined, base: string): string | undefined {
  return value && /^https?:\/\//i.test(value.trim()) ? absoluteHttpUrl(value, base) : undefined;
}

export function fromRss(feed: RssFeed.Feed<string>, base: string): DraftFeed {
  return {
    title: plainTitle(feed.title),
    siteUrl: absoluteHttpUrl(feed.link, base),
    items: (feed.items ?? []).map((item) => {
      const guid = item.guid?.value?.trim() || undefined;
      const date = firstDate(item.pubDate, ...(item.dc?.dates ?? []), item.atom?.published, item.atom?.updated);
      return draft(guid, date, () => ({
        // a guid is a permalink unless it says isPermaLink="false"; only taken as the URL when there is no link
        url: absoluteHttpUrl(item.link, base) ?? (item.guid?.isPermaLink === false ? undefined : fullUrl(guid, base)),
        title: plainTitle(item.title),
        contentHtml: html(item.content?.encoded),
        summaryHtml: html(item.description),
      }));
    }),
  };
}

export function fromRdf(feed: RdfFeed.Feed<string>, base: string): DraftFeed {
  return {
    title: plainTitle(feed.title),
    siteUrl: absoluteHttpUrl(feed.link, base),
    items: (feed.items ?? []).map((item) =>
      draft(item.rdf?.about?.trim() || undefined, firstDate(...(item.dc?.dates ?? [])), () => ({
        url: absoluteHttpUrl(item.link, base) ?? fullUrl(item.rdf?.about, base),
        title: plainTitle(item.title),
        contentHtml: html(item.content?.encoded),
        summaryHtml: html(item.description),
      })),
    ),
  };
}

/** An Atom text construct as plain text: html and xhtml titles are markup, the default type is literal. */
function atomTitle(text: AtomFeed.Text | undefined): string | undefined {
  const type = text?.type?.toLowerCase();
  return type === 'html' || type === 'xhtml' ? plainTitle(text?.value) : trimmed(text?.value);
}

const HTML_TYPES = new Set(['html', 'xhtml', 'text/html', 'application/xhtml+xml']);

/** Atom content or summary as HTML; out-of-line (src) and non-text (base64) content is not text. */
function atomHtml(content: AtomFeed.Content | undefined): string | undefined {
  if (!content || content.src) return undefined;
  const type = content.type?.toLowerCase() ?? 'text';
  if (HTML_TYPES.has(type)) return html(content.value);
  if (type === 'text' || type.startsWith('text/')) return textToHtml(content.value);
  return undefined;
}

/** The alternate (human-readable) link: rel="alternate" or no rel, an HTML one first. */
function atomLink(links: Array<AtomFeed.Link<string>> | undefined, base: string): string | undefined {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel.toLowerCase() === 'alternate');
  const best = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return absoluteHttpUrl(best?.href, base);
}

export function fromAtom(feed: AtomFeed.Feed<string>, base: string): DraftFeed {
  return {
    title: atomTitle(feed.title),
    siteUrl: atomLink(feed.links, base),
    items: (feed.entries ?? []).map((entry) =>
      draft(entry.id?.trim() || undefined, firstDate(entry.published, entry.updated, ...(entry.dc?.dates ?? [])), () => ({
        url: atomLink(entry.links, base),
        title: atomTitle(entry.title),
        contentHtml: atomHtml(entry.content),
        summaryHtml: atomHtml(entry.summary),
      })),
    ),
  };
}

export function fromJson(feed: JsonFeed.Feed<string>, base: string): DraftFeed {
  return {
    title: plainTitle(feed.title),
    siteUrl: absoluteHttpUrl(feed.home_page_url, base),
    items: (feed.items ?? []).map((item) =>
      draft(item.id === undefined ? undefined : String(item.id).trim() || undefined, firstDate(item.date_published, item.date_modified), () => ({
        url: absoluteHttpUrl(item.url, base) ?? absoluteHttpUrl(item.external_url, base),
        title: plainTitle(item.title),
        contentHtml: html(item.content_html) ?? textToHtml(item.content_text),
        // JSON Feed's summary is plain text
        summaryHtml: textToHtml(item.summary),
      })),
    ),
  };
}
