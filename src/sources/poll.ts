// One poll of one source: a conditional GET, the feed parsed, new items (by GUID) turned into articles (their
// full text, else their page fetched), and everything stored in one transaction with the source's poll state,
// so a process stopped halfway loses nothing and stores nothing twice.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NewDocument, Source } from '../domain.js';
import { errorMessage, isUserError } from '../errors.js';
import { parseFeed, type FeedItem, type ParsedFeed } from '../feeds/parse.js';
import { itemToArticle, needsPage, pageToArticle } from '../feeds/items.js';
import type { Logger } from '../log.js';
import type { Storage, TakenItem } from '../store/repositories.js';
import type { FetchedText, Fetcher } from './fetcher.js';
import { nextPollAt } from './schedule.js';

export interface PollDeps {
  storage: Pick<Storage, 'documents' | 'sources' | 'atomically'>;
  fetch: Fetcher;
  intervalMinutes: number;
  now: () => Date;
  logger: Logger;
  /** Most items taken from one feed per poll (a feed of 50,000 items must not flood the store). */
  maxItems?: number;
  random?: () => number;
}

export interface PollReport {
  sourceId: number;
  url: string;
  name?: string;
  status: 'ok' | 'not_modified' | 'failed';
  kind?: ParsedFeed['kind'];
  /** Items in the feed, and those not taken from this source before. */
  items: number;
  new: number;
  /** New documents stored; new items that were already in the store (another feed, the same text). */
  stored: number;
  duplicates: number;
  /** New items whose page could not be fetched now: tried again next poll. */
  retryLater: number;
  error?: string;
}

/** The source's outlet name: as given, else the feed's title, else the feed's host. */
export function outletName(source: Pick<Source, 'name' | 'url'>, feed?: Pick<ParsedFeed, 'title'>): string {
  return source.name ?? feed?.title ?? new URL(source.url).hostname;
}

/** The article an item makes, fetching its page when the feed gives only a summary; undefined when it makes none. */
async function article(item: FeedItem, name: string, source: Source, fetch: Fetcher): Promise<NewDocument | undefined> {
  const fromFeed = itemToArticle(item, { name, feedUrl: source.url });
  if (fromFeed || !needsPage(item) || !item.url) return fromFeed;
  const page = await fetch(item.url);
  return pageToArticle(page.text, page.url, { title: item.title, source: name, publishedAt: item.publishedAt });
}

/** `prefetched`: the feed already fetched (by `sources add`), so it is not fetched twice. */
export async function pollSource(source: Source, deps: PollDeps, prefetched?: FetchedText): Promise<PollReport> {
  const { storage, logger } = deps;
  const at = deps.now();
  const report: PollReport = { sourceId: source.id, url: source.url, name: source.name, status: 'ok', items: 0, new: 0, stored: 0, duplicates: 0, retryLater: 0 };
  try {
    const res = prefetched ?? (await deps.fetch(source.url, { etag: source.etag, lastModified: source.lastModified }));
    const next = nextPollAt(at, deps.intervalMinutes, 0, deps.random);
    if (res.notModified) {
      await storage.sources.recordPoll(source.id, { at, nextPollAt: next, ok: true, stored: 0 }, []);
      return { ...report, status: 'not_modified' };
    }
    const feed = parseFeed(res.text, res.url, deps.maxItems ? { maxItems: deps.maxItems } : {});
    const name = outletName(source, feed);
    const seen = await storage.sources.seen(source.id, feed.items.map((i) => i.guid));
    const fresh = feed.items.filter((i) => !seen.has(i.guid));
    const docs: { guid: string; doc: NewDocument }[] = [];
    const skipped: TakenItem[] = [];
    for (const item of fresh) {
      // reading an article is CPU work (Readability): give the event loop a turn between items, so a big poll
      // never holds up a Slack acknowledgement or a Discord heartbeat
      await nextTurn();
      try {
        const doc = await article(item, name, source, deps.fetch);
        if (doc) docs.push({ guid: item.guid, doc });
        else skipped.push({ guid: item.guid }); // nothing to read in it: not tried again
      } catch (e) {
        // an item that is no article (no text, not HTML) is passed over for good; a page we could not reach, retried
        if (isUserError(e) && e.code !== 'FETCH_FAILED') skipped.push({ guid: item.guid });
        else report.retryLater++;
        logger.debug({ source: source.url, item: item.url ?? item.guid, err: errorMessage(e) }, 'feed item skipped');
      }
    }
    await storage.atomically(async (tx) => {
      const result = await tx.documents.add(docs.map((d) => d.doc));
      const existing = new Map(result.duplicates.map((d) => [d.input, d.existingId]));
      let added = 0;
      const taken: TakenItem[] = docs.map(({ guid, doc }) => ({ guid, documentId: existing.get(doc) ?? result.added[added++]?.id }));
      await tx.sources.recordPoll(
        source.id,
        { at, nextPollAt: next, ok: true, kind: feed.kind, title: feed.title, etag: res.etag, lastModified: res.lastModified, stored: result.added.length },
        [...taken, ...skipped],
      );
      Object.assign(report, { stored: result.added.length, duplicates: result.duplicates.length });
    });
    return { ...report, name, kind: feed.kind, items: feed.items.length, new: fresh.length };
  } catch (e) {
    const error = errorMessage(e);
    await storage.sources.recordPoll(source.id, { at, nextPollAt: nextPollAt(at, deps.intervalMinutes, source.failures + 1, deps.random), ok: false, error, stored: 0 }, []);
    logger.warn({ source: source.url, failures: source.failures + 1, err: error }, 'source poll failed');
    return { ...report, status: 'failed', error };
  }
}
