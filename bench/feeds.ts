// Deterministic RSS 2.0 feeds for the feed benchmark, built from the synthetic corpus (bench/corpus.ts).
// N feeds × M items: every item is a real article of the corpus, its whole text in content:encoded as HTML
// paragraphs (over MIN_ARTICLE_CHARS of text, so the poller never fetches the item's page), with a GUID, a
// pubDate and a link on its outlet's own host. Outlets are host names under .bench.test, each with 1–4 section
// feeds (world, business, …), so polling meets the one-fetch-per-host rule the way a real feed list does: most
// hosts have one feed, some have several. Articles are dealt to feeds in turn (article d to feed d mod N), so
// the 2–6 outlets' reports of one story land in different feeds, as in real news.
// The layout (hosts, paths, titles) is cheap and needs no articles; the bodies are built once, by the server.
import { createHash } from 'node:crypto';
import { MIN_ARTICLE_CHARS } from '../src/feeds/items.js';
import { CorpusPlan, hashSeed, Rng } from './corpus.js';
import { OUTLETS } from './vocab.js';

/** Every outlet host ends with this (a reserved TLD: nothing real answers there). */
export const BENCH_DOMAIN = 'bench.test';
const SECTIONS = ['news', 'world', 'business', 'politics'] as const;
/** Corpus articles shorter than this are not used (with a margin over MIN_ARTICLE_CHARS for the HTML round trip). */
const MIN_TEXT_CHARS = MIN_ARTICLE_CHARS + 40;

export interface FeedPlanOptions {
  feeds: number;
  items: number;
  seed: number;
  /** Most section feeds one outlet host has (default 4); 1 puts every feed on a host of its own. */
  maxFeedsPerHost?: number;
}

export interface FeedSpec {
  index: number;
  /** The outlet's host name, e.g. daily-ledger-17.bench.test. */
  host: string;
  /** e.g. /world/rss.xml */
  path: string;
  title: string;
}

export interface GeneratedFeed {
  spec: FeedSpec;
  body: string;
  /** A strong validator of the body. */
  etag: string;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class FeedPlan {
  readonly specs: FeedSpec[] = [];
  readonly hosts: string[] = [];

  constructor(readonly options: FeedPlanOptions) {
    const { feeds, items, seed } = options;
    if (!Number.isInteger(feeds) || feeds < 1 || !Number.isInteger(items) || items < 1) throw new Error(`feeds and items must be positive whole numbers (got ${feeds} × ${items})`);
    const maxPerHost = Math.min(SECTIONS.length, Math.max(1, options.maxFeedsPerHost ?? SECTIONS.length));
    const rng = new Rng(hashSeed(seed, 'feed-hosts'));
    while (this.specs.length < feeds) {
      const h = this.hosts.length;
      const outlet = OUTLETS[h % OUTLETS.length]!;
      const host = `${slug(outlet)}-${h + 1}.${BENCH_DOMAIN}`;
      this.hosts.push(host);
      // most outlets have one feed, some a few sections
      const count = Math.min(feeds - this.specs.length, maxPerHost === 1 || rng.chance(0.6) ? 1 : rng.range(2, maxPerHost));
      for (let s = 0; s < count; s++) {
        const section = SECTIONS[s]!;
        this.specs.push({ index: this.specs.length, host, path: `/${section}/rss.xml`, title: `${outlet} ${h + 1}${s === 0 ? '' : ` — ${section[0]!.toUpperCase()}${section.slice(1)}`}` });
      }
    }
  }

  /** The feed's URL on a server listening at `port` (its host names resolve to that server: see feedResolve). */
  url(spec: FeedSpec, port: number): string {
    return `http://${spec.host}:${port}${spec.path}`;
  }

  /** Feeds on the busiest host. */
  largestHostGroup(): number {
    const counts = new Map<string, number>();
    for (const s of this.specs) counts.set(s.host, (counts.get(s.host) ?? 0) + 1);
    return Math.max(...counts.values());
  }

  /** Every feed's body and ETag. Holds the corpus's N×M articles while it runs (the server's process, not the bot's). */
  generate(): GeneratedFeed[] {
    const { feeds, items, seed } = this.options;
    const needed = feeds * items;
    const perFeed: string[][] = Array.from({ length: feeds }, () => []);
    // about 1.5% of corpus articles are too short to stand for a full-text item; ask for a margin and skip them
    const corpus = new CorpusPlan({ documents: Math.ceil(needed * 1.1) + 20, seed });
    let d = 0;
    outer: for (const batch of corpus.batches(1000)) {
      for (const doc of batch) {
        if (doc.text.length < MIN_TEXT_CHARS) continue;
        const f = d % feeds;
        const spec = this.specs[f]!;
        const path = new URL(doc.url!).pathname;
        const link = `https://${spec.host}${spec.path.replace(/\/rss\.xml$/, '')}${path}`;
        const html = doc.text.split('\n\n').map((p) => `<p>${xml(p)}</p>`).join('\n');
        perFeed[f]!.push(
          `<item><title>${xml(doc.title ?? '')}</title><link>${xml(link)}</link><guid isPermaLink="false">bench-${seed}-${d}</guid>` +
            `<pubDate>${new Date(doc.publishedAt!).toUTCString()}</pubDate><description>${xml(doc.text.slice(0, 200).replace(/\s+\S*$/, ''))}…</description>` +
            `<content:encoded><![CDATA[${html}]]></content:encoded></item>`,
        );
        if (++d === needed) break outer;
      }
    }
    if (d < needed) throw new Error(`the corpus gave ${d} long-enough articles, ${needed} needed`);
    return this.specs.map((spec, f) => {
      const body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">` +
        `<channel><title>${xml(spec.title)}</title><link>https://${spec.host}/</link><description>${xml(spec.title)}: synthetic news for briefbot's bench</description>\n` +
        `${perFeed[f]!.join('\n')}\n</channel></rss>\n`;
      return { spec, body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"` };
    });
  }
}

/** A FetchPolicy.resolve that answers 127.0.0.1 for the bench's outlet hosts and nothing else (no real DNS). */
export async function feedResolve(hostname: string): Promise<{ address: string; family: 4 }[]> {
  if (hostname === BENCH_DOMAIN || hostname.endsWith(`.${BENCH_DOMAIN}`)) return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}
