// Every payload the Discord renderer makes keeps every documented limit, whatever the brief or answer holds:
// long aggregator URLs, extreme titles and quotes, many stories, points and sources (fast-check generates them).
import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, embedSize, renderAnswerMessage, renderBriefMessages, type DiscordMessagePayload } from '../../../adapters/discord/render.js';
import type { Brief, Citation } from '../../../src/domain.js';
import { answer, brief } from '../../helpers/render-fuzz.js';

function expectWithinLimits(payload: DiscordMessagePayload): void {
  const L = DISCORD_LIMITS;
  expect(payload.content?.length ?? 0).toBeLessThanOrEqual(L.content);
  expect(payload.embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
  expect(payload.content || payload.embeds.length > 0).toBeTruthy();
  let total = 0;
  for (const e of payload.embeds as APIEmbed[]) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.embedDescription);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(L.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
    if (e.url !== undefined) expect(e.url.length).toBeLessThanOrEqual(L.url);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
    total += embedSize(e);
  }
  expect(total).toBeLessThanOrEqual(L.totalPerMessage);
}

describe('Discord payloads keep every limit', () => {
  it('for any brief', () => {
    fc.assert(fc.property(brief, (b) => renderBriefMessages(b).forEach(expectWithinLimits)), { numRuns: 300, seed: 42 });
  });

  it('for any answer', () => {
    fc.assert(fc.property(answer, (a) => expectWithinLimits(renderAnswerMessage(a))), { numRuns: 300, seed: 42 });
  });

  it('keeps a long link as its label rather than break a limit (an 800-character aggregator URL)', () => {
    const long = `https://news.example/r?u=${'x'.repeat(800)}`;
    const cite: Citation = { documentId: 'd1', source: 'Wire', title: 'Ferry fares frozen', url: long, quote: 'The council froze ferry fares.' };
    const b: Brief = {
      generatedAt: '2026-11-26T00:00:00.000Z', request: {}, method: 'extractive', notes: [],
      stories: [{ id: 's', headline: 'Fares', documents: Array.from({ length: 6 }, (_, i) => ({ documentId: `d${i}`, source: `Outlet ${i}`, title: 'Ferry fares frozen', url: long })),
        keyPoints: Array.from({ length: 6 }, () => ({ text: 'The council froze ferry fares for another year.', citations: Array.from({ length: 5 }, (_, i) => ({ ...cite, documentId: `d${i}`, source: `Outlet ${i}` })) })),
        agreement: [], differences: [], timespan: {} }],
    };
    const [message] = renderBriefMessages(b);
    expectWithinLimits(message!);
    expect(message!.embeds[0]!.description).toContain('Outlet 0');
  });
});
