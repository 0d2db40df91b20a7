// Builders for oversized briefs, shared by the renderer and digest-delivery tests.
import { expect } from 'vitest';
import type { Citation, KeyPoint, Story } from '../../src/domain.js';
import { DISCORD_LIMITS as L, embedSize, type DiscordMessagePayload } from '../../adapters/discord/render.js';

export const long = (words: number, seed: string): string => Array.from({ length: words }, (_, i) => `${seed}${i}`).join(' ');

export function citation(doc: number, quoteWords = 40): Citation {
  return {
    documentId: `d${doc}`,
    source: `Outlet_${doc} *Daily*`,
    title: `Headline ${doc}: ${long(30, 't')}`,
    url: `https://news.example/${doc}/${'x'.repeat(120)}`,
    quote: `Quote ${doc}: ${long(quoteWords, 'q')} @everyone`,
  };
}

export function story(n: number): Story {
  const points: KeyPoint[] = Array.from({ length: 12 }, (_, p) => ({
    // Some points are longer than a whole embed description on their own.
    text: p === 0 && n % 3 === 0 ? long(1200, '**w') : `Point ${n}.${p} with _markdown_ and # not a heading ${long(60, 'w')}`,
    citations: Array.from({ length: p % 4 === 0 ? 7 : 2 }, (_, c) => citation(n * 10 + c)),
    ...(p % 4 === 1 ? { onlyIn: `Outlet_${n * 10}` } : {}),
  }));
  return {
    id: `s${n}`,
    headline: `Story ${n}: ${long(80, 'h')}`,
    documents: Array.from({ length: 15 }, (_, d) => ({ documentId: `d${n * 10 + d}`, source: `Outlet_${n * 10 + d}`, title: long(40, 'T'), url: `https://news.example/${d}`, publishedAt: '2021-04-08' })),
    keyPoints: points,
    agreement: [],
    differences: [],
    timespan: {},
  };
}

export function assertWithinLimits(messages: readonly DiscordMessagePayload[]): void {
  for (const m of messages) {
    expect((m.content ?? '').length).toBeLessThanOrEqual(L.content);
    expect(m.embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
    expect(m.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(L.totalPerMessage);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.embedTitle);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.embedDescription);
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(L.footer);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
      }
    }
  }
}
