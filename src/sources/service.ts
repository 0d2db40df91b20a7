// The source verbs (CLI, chat, start-up): add a feed (or a page that names one), list, remove, poll. Changing
// sources from chat follows the digest rule: the adapter says whether the person may manage this channel.
import pLimit from 'p-limit';
import type { NewSource, Source } from '../domain.js';
import { requireManager, type Manager } from '../digest/service.js';
import { UserError } from '../errors.js';
import { discoverFeeds, looksLikeFeed } from '../feeds/discover.js';
import type { OnProgress } from '../progress.js';
import { canonicalUrl } from '../store/identity.js';
import type { FetchedText } from './fetcher.js';
import type { OpmlFeed } from './opml.js';
import { pollSource, type PollDeps, type PollReport } from './poll.js';
import { echo } from '../render/echo.js';

const KIND_NAMES = { rss: 'RSS feed', rdf: 'RSS 1.0 feed', atom: 'Atom feed', json: 'JSON Feed' } as const;

export interface AddedSource {
  source: Source;
  /** False when the URL was followed already. */
  created: boolean;
  /** The first poll's report. */
  poll: PollReport;
}

/** One line a person reads: "OC Media: Atom feed, 20 items, 18 new". */
export function describePoll(r: PollReport): string {
  const name = r.name ?? r.url;
  if (r.status === 'failed') return `${name}: failed: ${r.error ?? 'unknown error'}`;
  if (r.status === 'not_modified') return `${name}: not modified`;
  const kind = r.kind ? `${KIND_NAMES[r.kind]}, ` : '';
  const dup = r.duplicates ? `, ${r.duplicates} already stored` : '';
  const later = r.retryLater ? `, ${r.retryLater} to retry` : '';
  return `${name}: ${kind}${r.items} item${r.items === 1 ? '' : 's'}, ${r.new} new${dup}${later}`;
}

/** What chat says after `sources add`. */
export function addedReply(added: AddedSource): string {
  return `${added.created ? 'Now following' : 'Already following'} ${added.source.url}. ${describePoll(added.poll)}`;
}

/** What chat says after `sources remove`. */
export function removedReply(removed: boolean, target: string): string {
  return removed ? `Stopped following ${target}; its articles stay in the store.` : `I follow no feed “${echo(target)}”; nothing changed.`;
}

function normalisedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UserError('BAD_ARGUMENT', `“${echo(raw)}” is not a URL: give a feed's or a site's address, e.g. https://oc-media.org/feed/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError('BAD_ARGUMENT', `Only http and https sources can be followed (got “${echo(raw)}”).`);
  return canonicalUrl(url.toString());
}

export class SourceService {
  /** `concurrency`: most fetches in flight when polling everything (never more than one per host). */
  constructor(private readonly deps: PollDeps & { concurrency: number }) {}

  /**
   * `manager`: the person asking in chat (the digest rule applies); the CLI and the configuration pass none.
   * Follows a feed, or the first feed a page names (`<link rel="alternate">`): fetches it once, stores what it
   * has, and reports it. A URL that is no feed and names none is a UserError, and nothing is stored.
   */
  async add(rawUrl: string, options: Omit<NewSource, 'url'>, manager?: Manager): Promise<AddedSource> {
    if (manager) requireManager(manager);
    let url = normalisedUrl(rawUrl);
    let fetched: FetchedText = await this.deps.fetch(url);
    if (!looksLikeFeed(fetched.text, fetched.contentType)) {
      const [feedUrl] = discoverFeeds(fetched.text, fetched.url);
      if (!feedUrl) throw new UserError('BAD_FEED', `${url} is not a feed and names none (no <link rel="alternate"> to an RSS, Atom or JSON feed).`);
      url = normalisedUrl(feedUrl);
      fetched = await this.deps.fetch(url);
    }
    const { source, created } = await this.deps.storage.sources.add({ ...options, url }, this.deps.now());
    const poll = await pollSource(source, this.deps, fetched);
    if (poll.status === 'failed' && created) {
      // a feed that cannot be read now is not followed: say why, keep nothing
      await this.deps.storage.sources.remove(source.id);
      throw new UserError('BAD_FEED', `${url}: ${poll.error ?? 'could not be read'}`);
    }
    return { source: (await this.deps.storage.sources.get(source.id)) ?? source, created, poll };
  }

  /** Follows every feed of an OPML list without fetching them (the poller reads them next); returns how many were new. */
  async importOpml(feeds: readonly OpmlFeed[]): Promise<{ added: number; already: number }> {
    let added = 0;
    for (const f of feeds) {
      const url = normalisedUrl(f.url);
      if ((await this.deps.storage.sources.add({ url, origin: 'cli', ...(f.name ? { name: f.name } : {}) }, this.deps.now())).created) added++;
    }
    return { added, already: feeds.length - added };
  }

  list(): Promise<Source[]> {
    return this.deps.storage.sources.all();
  }

  /** By URL (as added or as discovered) or by id; false when no source matches. */
  async remove(urlOrId: string, manager?: Manager): Promise<boolean> {
    if (manager) requireManager(manager);
    const source = /^\d+$/.test(urlOrId.trim()) ? await this.deps.storage.sources.get(Number(urlOrId)) : await this.byUrl(urlOrId);
    return source ? this.deps.storage.sources.remove(source.id) : false;
  }

  /** True when this feed URL is followed already (a site's URL is not: it names its feed). */
  async isFollowed(url: string): Promise<boolean> {
    return (await this.byUrl(url)) !== undefined;
  }

  /** The source followed at this URL; undefined for one not followed, or not a URL at all. */
  private async byUrl(raw: string): Promise<Source | undefined> {
    let url: string;
    try {
      url = normalisedUrl(raw);
    } catch {
      return undefined;
    }
    return this.deps.storage.sources.byUrl(url);
  }

  async poll(source: Source): Promise<PollReport> {
    return pollSource(source, this.deps);
  }

  /**
   * Every source now, once: `concurrency` fetches at a time, one per host. Reports in the sources' order.
   * `onProgress`: called at the start and after each source, with sources polled out of all and documents stored.
   */
  async pollAll({ onProgress }: { onProgress?: OnProgress } = {}): Promise<PollReport[]> {
    const limit = pLimit(this.deps.concurrency);
    const all = await this.list();
    const byHost = new Map<string, Source[]>();
    for (const s of all) {
      const host = new URL(s.url).host;
      byHost.set(host, [...(byHost.get(host) ?? []), s]);
    }
    const reports = new Map<number, PollReport>();
    let added = 0;
    onProgress?.({ done: 0, total: all.length, added });
    await Promise.all(
      [...byHost.values()].map((group) =>
        limit(async () => {
          for (const s of group) {
            const report = await this.poll(s);
            reports.set(s.id, report);
            added += report.stored;
            onProgress?.({ done: reports.size, total: all.length, added });
          }
        }),
      ),
    );
    return all.flatMap((s) => reports.get(s.id) ?? []);
  }

  /** Sources due at `now` (at most `limit`), soonest first. */
  due(now: Date, limit: number): Promise<Source[]> {
    return this.deps.storage.sources.due(now, limit);
  }

  /** Takes a due source's poll for this process until `until` (SourceRepository.claim); false when another took it. */
  claim(source: Source, now: Date, until: Date): Promise<boolean> {
    return this.deps.storage.sources.claim(source.id, now, until);
  }
}
