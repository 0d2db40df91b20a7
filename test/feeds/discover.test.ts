// discoverFeeds and looksLikeFeed: hostile pages first (script links, pages posing as feeds), then the
// alternate links of a realistic page, and telling feeds from pages by their text.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { discoverFeeds, looksLikeFeed } from '../../src/feeds/discover.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'feeds');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('discoverFeeds: hostile pages', () => {
  it('returns only http(s) URLs: no javascript:, data: or file: feed links', () => {
    const page = `<html><head>
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="data:application/rss+xml,<rss/>">
      <link rel="alternate" type="application/atom+xml" href="file:///etc/passwd">
      <link rel="alternate" type="application/atom+xml" href="https://ok.example/atom">
    </head></html>`;
    expect(discoverFeeds(page, 'https://ok.example/')).toEqual(['https://ok.example/atom']);
  });

  it('ignores feed-looking links outside <link> and text that merely mentions them', () => {
    const page = `<html><body><a rel="alternate" type="application/rss+xml" href="/a.xml">RSS</a>
      <p>&lt;link rel="alternate" type="application/rss+xml" href="/fake.xml"&gt;</p>
      <script>document.write('<link rel="alternate" type="application/rss+xml" href="/scripted.xml">')</script></body></html>`;
    expect(discoverFeeds(page, 'https://ok.example/')).toEqual([]);
  });
});

describe('discoverFeeds', () => {
  it('lists the feeds a page announces, absolute, in document order, without repeats', () => {
    expect(discoverFeeds(fixture('page-with-feeds.html'), 'https://gazette.example/news/today')).toEqual([
      'https://gazette.example/news/feed.xml', // relative to <base href="/news/">; listed again later as /news/feed.xml
      'https://gazette.example/atom.xml',
      'https://gazette.example/feed.json', // protocol-relative; rel and type matched case-insensitively, charset ignored
      'https://gazette.example/data/feed.json', // application/json (but not WordPress's /wp-json/ API link)
      'https://gazette.example/news/comments/feed/',
    ]);
  });

  it('resolves against the page URL when there is no <base>, and finds nothing on a page without feeds', () => {
    expect(discoverFeeds('<link rel="alternate" type="application/rss+xml" href="rss">', 'https://blog.example/posts/1')).toEqual(['https://blog.example/posts/rss']);
    expect(discoverFeeds('<html><head><title>x</title></head><body>No feeds</body></html>', 'https://blog.example/')).toEqual([]);
    expect(discoverFeeds('', 'https://blog.example/')).toEqual([]);
  });
});

describe('looksLikeFeed', () => {
  it('says no to HTML pages, whatever their Content-Type claims or their text mentions', () => {
    expect(looksLikeFeed(fixture('page-with-feeds.html'))).toBe(false);
    expect(looksLikeFeed(fixture('page-with-feeds.html'), 'application/rss+xml')).toBe(false);
    expect(looksLikeFeed('<html><body><pre>&lt;rss version="2.0"&gt;</pre> <rss version="2.0"></body></html>')).toBe(false);
    expect(looksLikeFeed('')).toBe(false);
    expect(looksLikeFeed('Not Found', 'application/atom+xml')).toBe(false);
  });

  it('says yes to each feed format, past a BOM, XML declaration, comments and DOCTYPE', () => {
    for (const name of ['rss2.xml', 'rdf.xml', 'atom.xml', 'jsonfeed.json', 'hostile.xml']) expect(looksLikeFeed(fixture(name)), name).toBe(true);
    expect(looksLikeFeed('\uFEFF<?xml version="1.0"?>\n<!-- generated -->\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"/>')).toBe(true);
    expect(looksLikeFeed('<?xml-stylesheet href="feed.xsl" type="text/xsl"?><feed xmlns="http://www.w3.org/2005/Atom"/>', 'text/html')).toBe(true);
  });

  it('takes JSON as a feed when it names a jsonfeed.org version, or when the server says application/feed+json', () => {
    expect(looksLikeFeed('{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}')).toBe(true);
    expect(looksLikeFeed('{"title":"x","items":[]}')).toBe(false);
    expect(looksLikeFeed('{"title":"x","items":[]}', 'application/feed+json; charset=utf-8')).toBe(true);
    expect(looksLikeFeed('{"status":"ok"}', 'application/json')).toBe(false);
  });

  it('says no to other XML (a sitemap) and to plain text', () => {
    expect(looksLikeFeed('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')).toBe(false);
    expect(looksLikeFeed('just text')).toBe(false);
  });
});
