// Briefs and answers with extreme content for fuzzing the platform renderers (fast-check): long aggregator URLs,
// titles and quotes full of markup, emoji and mention syntax, and many stories, points and sources.
import fc from 'fast-check';
import type { Answer, Brief, Citation } from '../../src/domain.js';

const text = (max: number) => fc.string({ unit: fc.constantFrom('a', ' ', '*', '_', '`', '[', ']', '(', ')', '\\', '@', 'é', '😀', '\n', '<', '>', '|', '#'), maxLength: max });
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 12 });
/** Article links as they come: none, short, or aggregator and tracking links of up to 3,000 characters. */
const url = fc.option(fc.oneof(fc.constant('https://example.org/a'), fc.integer({ min: 100, max: 3000 }).map((n) => `https://news.example/r?u=${'x'.repeat(n)}`)), { nil: undefined });
const citation: fc.Arbitrary<Citation> = fc.record({ documentId: word, source: text(300).map((s) => s || 'Outlet'), title: text(600), url, quote: text(2000) });
const point = fc.record({ text: text(3000), citations: fc.array(citation, { minLength: 1, maxLength: 30 }), onlyIn: fc.option(text(200), { nil: undefined }) });

export const brief: fc.Arbitrary<Brief> = fc.record({
  generatedAt: fc.constant('2026-11-26T00:00:00.000Z'),
  request: fc.record({ topic: fc.option(text(300), { nil: undefined }) }),
  stories: fc.array(
    fc.record({
      id: word,
      headline: text(600),
      documents: fc.array(fc.record({ documentId: word, source: text(200).map((s) => s || 'Outlet'), title: text(600), url, publishedAt: fc.option(fc.constant('2026-11-25'), { nil: undefined }) }), { minLength: 1, maxLength: 40 }),
      keyPoints: fc.array(point, { maxLength: 25 }),
      agreement: fc.constant([]),
      differences: fc.constant([]),
      timespan: fc.constant({}),
    }),
    { maxLength: 15 },
  ),
  method: fc.constantFrom('extractive' as const, 'llm' as const),
  notes: fc.array(text(500), { maxLength: 4 }),
});

export const answer: fc.Arbitrary<Answer> = fc.record({
  question: text(1000),
  status: fc.constant('answered' as const),
  text: text(5000),
  span: fc.option(text(500), { nil: undefined }),
  citations: fc.array(citation, { maxLength: 40 }),
  method: fc.constant('extractive' as const),
});

