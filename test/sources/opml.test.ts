import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/domain.js';
import { readOpml, writeOpml } from '../../src/sources/opml.js';

describe('OPML', () => {
  it('refuses what is not OPML with one clear line', () => {
    expect(() => readOpml('<opml><body><outline xmlUrl="x"></body>')).toThrow(/not an OPML file/);
    expect(() => readOpml('<rss><channel/></rss>')).toThrow(/no <opml><body>/);
  });

  it('reads nested outlines in order, once each, http(s) only, with their names', () => {
    const xml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="News"><outline text="OC Media" xmlUrl="https://oc-media.org/feed/"/>
        <outline text="Deep"><outline title="Wire &amp; Co" text="ignored" xmlUrl="https://wire.example/rss"/></outline></outline>
      <outline text="dup" xmlUrl="https://oc-media.org/feed/"/><outline text="local" xmlUrl="file:///etc/passwd"/><outline text="no url"/>
      <outline xmlUrl="http://plain.example/atom.xml"/></body></opml>`;
    expect(readOpml(xml)).toEqual([
      { url: 'https://oc-media.org/feed/', name: 'OC Media' },
      { url: 'https://wire.example/rss', name: 'Wire & Co' },
      { url: 'http://plain.example/atom.xml' },
    ]);
  });

  it('writes OPML 2.0 that reads back the same, names escaped', () => {
    const source = (id: number, url: string, name?: string): Source => ({
      id, url, ...(name ? { name } : {}), origin: 'cli', addedAt: '2026-06-01T00:00:00Z', nextPollAt: '2026-06-01T00:00:00Z', failures: 0, itemsStored: 0,
    });
    const xml = writeOpml([source(1, 'https://a.example/feed?x=1&y=2', 'A "quoted" <outlet> & co'), source(2, 'https://b.example/rss')], new Date('2026-06-01T00:00:00Z'));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(readOpml(xml)).toEqual([
      { url: 'https://a.example/feed?x=1&y=2', name: 'A "quoted" <outlet> & co' },
      { url: 'https://b.example/rss', name: 'b.example' },
    ]);
  });
});
