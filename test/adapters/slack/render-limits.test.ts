// Every Slack message the renderer makes keeps Slack's limits and never cuts a link, whatever the brief or answer
// holds; a /brief rendered for a response_url fits its five uses, and the stories left out are said so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAnswer, renderBrief, SLACK_LIMITS, type SlackMessage } from '../../../adapters/slack/render.js';
import type { Brief } from '../../../src/domain.js';
import { answer, brief } from '../../helpers/render-fuzz.js';

/**
 * Every `<` opens a whole link or entity that closes with `>` before the next `<` (article text is escaped); a
 * `>` that starts a line is a block quote.
 */
function linksWhole(text: string): boolean {
  return /^[^<>]*(<[^<>]+>[^<>]*)*$/.test(text.replace(/^> /gm, ''));
}

function expectWithinLimits(messages: readonly SlackMessage[]): void {
  for (const m of messages) {
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const b of m.blocks) {
      if (b.type === 'section') {
        expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect(linksWhole(b.text.text), b.text.text.slice(0, 200)).toBe(true);
      }
      if (b.type === 'context') {
        expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
        for (const e of b.elements) {
          expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
          expect(linksWhole(e.text)).toBe(true);
        }
      }
    }
  }
}

describe('Slack messages keep every limit', () => {
  it('for any brief, and within five messages when asked (a response_url)', () => {
    fc.assert(
      fc.property(brief, (b) => {
        expectWithinLimits(renderBrief(b, { feedbackValue: 'v' }));
        const five = renderBrief(b, { feedbackValue: 'v', maxMessages: 5 });
        expectWithinLimits(five);
        expect(five.length).toBeLessThanOrEqual(5);
        expect(JSON.stringify(five.at(-1)?.blocks.at(-1))).toContain('feedback');
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('for any answer', () => {
    fc.assert(fc.property(answer, (a) => expectWithinLimits(renderAnswer(a, { feedbackValue: 'v' }))), { numRuns: 300, seed: 42 });
  });

  it('a brief too long for five messages leaves whole stories out and says how many (parts 5 to n-1 vanished)', () => {
    const long = 'The council voted to freeze ferry fares for another year after a long debate. '.repeat(30);
    const b: Brief = {
      generatedAt: '2026-11-26T00:00:00.000Z', request: { topic: 'ferries' }, method: 'extractive', notes: [],
      stories: Array.from({ length: 12 }, (_, i) => ({
        id: `s${i}`, headline: `Story ${i + 1}`, documents: [{ documentId: `d${i}`, source: 'Coast News', title: 'Fares' }],
        keyPoints: Array.from({ length: 8 }, () => ({ text: long, citations: [{ documentId: `d${i}`, source: 'Coast News', title: 'Fares', quote: 'q' }] })),
        agreement: [], differences: [], timespan: {},
      })),
    };
    const all = renderBrief(b);
    expect(all.length).toBeGreaterThan(5);
    const five = renderBrief(b, { maxMessages: 5 });
    expect(five.length).toBeLessThanOrEqual(5);
    const text = JSON.stringify(five);
    const shown = (text.match(/\*Story \d+\*/g) ?? []).length;
    expect(text).toContain(`${12 - shown} more stories did not fit`);
    expect(text).toContain(`*Story ${shown}*`); // the stories shown are whole and in order
  });
});
