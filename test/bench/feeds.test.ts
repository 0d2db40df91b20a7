import { describe, expect, it } from 'vitest';
import { feedResolve, FeedPlan } from '../../bench/feeds.js';
import { needsPage } from '../../src/feeds/items.js';
import { parseFeed } from '../../src/feeds/parse.js';

describe('bench feed generator', () => {
  it('gives the same feeds, bodies and ETags for the same seed, and others for another seed', () => {
    const a = new FeedPlan({ feeds: 12, items: 8, seed: 7 });
    const b = new FeedPlan({ feeds: 12, items: 8, seed: 7 });
    expect(b.specs).toEqual(a.specs);
    expect(b.generate()).toEqual(a.generate());
    const c = new FeedPlan({ feeds: 12, items: 8, seed: 8 }).generate();
    expect(c[0]!.body).not.toEqual(a.generate()[0]!.body);
  });

  it('yields valid RSS 2.0 feeds that parseFeed reads with every item, each carrying its full text', () => {
    const plan = new FeedPlan({ feeds: 20, items: 15, seed: 42 });
    const feeds = plan.generate();
    expect(feeds).toHaveLength(20);
    const guids = new Set<string>();
    const links = new Set<string>();
    for (const { spec, body } of feeds) {
      const parsed = parseFeed(body, plan.url(spec, 8080));
      expect(parsed).toMatchObject({ kind: 'rss', title: spec.title, dropped: 0, duplicates: 0 });
      expect(parsed.items).toHaveLength(15);
      for (const item of parsed.items) {
        expect(needsPage(item)).toBe(false); // over MIN_ARTICLE_CHARS of text: no page fetch
        expect(item.title).toBeTruthy();
        expect(item.publishedAt).toBeTruthy();
        expect(new URL(item.url!).hostname).toBe(spec.host);
        guids.add(item.guid);
        links.add(item.url!);
      }
    }
    expect(guids.size).toBe(20 * 15);
    expect(links.size).toBe(20 * 15);
    expect(new Set(feeds.map((f) => f.etag)).size).toBe(20);
  });

  it('puts most outlets on a host of their own and some on one host with a few section feeds', () => {
    const plan = new FeedPlan({ feeds: 500, items: 1, seed: 42 });
    expect(plan.specs).toHaveLength(500);
    expect(new Set(plan.specs.map((s) => plan.url(s, 1))).size).toBe(500);
    expect(plan.hosts.length).toBeGreaterThan(200);
    expect(plan.hosts.length).toBeLessThan(400);
    expect(plan.largestHostGroup()).toBeLessThanOrEqual(4);
    expect(new FeedPlan({ feeds: 30, items: 1, seed: 42, maxFeedsPerHost: 1 }).hosts).toHaveLength(30);
  });

  it('resolves the outlet hosts to 127.0.0.1 and nothing else', async () => {
    const plan = new FeedPlan({ feeds: 3, items: 1, seed: 1 });
    await expect(feedResolve(plan.specs[0]!.host)).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    await expect(feedResolve('example.org')).rejects.toThrow(/ENOTFOUND/);
  });
});
