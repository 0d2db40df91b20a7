import { describe, expect, it } from 'vitest';
import { Answer, Brief } from '../../../src/domain.js';
import { escapeDiscord, renderAnswerMessage, renderBriefMessages, truncate } from '../../../adapters/discord/render.js';
import { assertWithinLimits, citation, long, story } from '../../doubles/discord-briefs.js';

describe('renderBriefMessages', () => {
  const brief = Brief.parse({
    generatedAt: '2021-04-09T08:00:00Z',
    request: { topic: 'everything' },
    stories: Array.from({ length: 30 }, (_, i) => story(i)),
    method: 'extractive',
    notes: ['LLM unavailable: extractive fallback'],
  });
  const messages = renderBriefMessages(brief);
  const descriptions = messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));

  it('keeps a 30-story brief within every Discord limit', () => {
    expect(messages.length).toBeGreaterThan(3);
    assertWithinLimits(messages);
  });

  it('never cuts a citation: every key point keeps its whole source line', () => {
    const all = descriptions.join('\n');
    for (const s of brief.stories) {
      for (const p of s.keyPoints) {
        const sources = [...new Map(p.citations.map((c) => [c.documentId, c])).values()].slice(0, 5);
        for (const c of sources) expect(all).toContain(`](${c.url})`);
      }
    }
    // Each point is one block: a bullet line and a citation line, whole, in the same description.
    const citeLines = descriptions.flatMap((d) => d.split('\n').filter((l) => l.startsWith('  — ')));
    expect(citeLines).toHaveLength(30 * 12);
    for (const line of citeLines) expect(line).toMatch(/(\(https:\/\/news\.example\/\d+\/x{120}\)|more|\*)$/);
    // Links are never left open.
    for (const d of descriptions) expect((d.match(/\]\(/g) ?? []).length).toBe((d.match(/\]\(https:[^)\s]+\)/g) ?? []).length);
  });

  it('keeps stories in order, one or more embeds each, with the method and notes in footers', () => {
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title ?? ''));
    const starts = titles.filter((t) => !t.includes('(continued)'));
    expect(starts).toHaveLength(30);
    expect(starts[0]).toMatch(/^Story 0:/);
    expect(starts[29]).toMatch(/^Story 29:/);
    const footers = messages.flatMap((m) => m.embeds.map((e) => e.footer?.text ?? ''));
    expect(footers.every((f) => f.startsWith('Extractive summary'))).toBe(true);
    expect(footers[footers.length - 1]).toContain('LLM unavailable');
    expect(messages[0]?.content).toMatch(/on “everything”.*30 stories/);
    expect(messages[1]?.content).toMatch(/continued, 2\//);
  });

  it('escapes markdown and defuses mentions in article text', () => {
    const all = descriptions.join('\n');
    expect(all).toContain('\\_markdown\\_');
    expect(all).not.toMatch(/(^|[^\\])\*\*w0/);
    expect(messages[0]?.embeds[0]?.fields?.[0]?.name).toBe('Sources (15)');
    expect(messages[0]?.embeds[0]?.fields?.[0]?.value).toMatch(/\+\d+ more$/);
  });

  it('says so when there are no stories', () => {
    const [only] = renderBriefMessages(Brief.parse({ generatedAt: '2021-04-09T08:00:00Z', request: { topic: 'Brazil' }, stories: [], method: 'llm', notes: [] }));
    expect(only?.embeds).toHaveLength(0);
    expect(only?.content).toMatch(/no stories found/);
  });
});

describe('renderAnswerMessage', () => {
  it('renders quotes and numbered sources within limits, and says how many more there are', () => {
    const answer = Answer.parse({
      question: 'How many doses? @here',
      status: 'answered',
      text: long(2000, 'a'),
      span: '15,000 doses',
      citations: Array.from({ length: 14 }, (_, i) => citation(i, 400)),
      method: 'llm',
    });
    const m = renderAnswerMessage(answer);
    assertWithinLimits([m]);
    const e = m.embeds[0];
    expect(e?.title).toBe('How many doses? @\u200bhere');
    expect(e?.description?.startsWith('**15,000 doses**\n\n')).toBe(true);
    expect(e?.fields).toHaveLength(10);
    expect(e?.fields?.[0]?.value).toMatch(/^> Quote 0:/);
    expect(e?.fields?.[0]?.value).toMatch(/\(https:\/\/news\.example\/0\/x+\)$/);
    expect(e?.footer?.text).toMatch(/^LLM answer.*\+4 more sources$/);
  });

  it('renders not_found as a plain sentence', () => {
    const m = renderAnswerMessage(Answer.parse({ question: 'Brazil?', status: 'not_found', text: "I don't know: nothing in my store answers it.", citations: [], method: 'extractive' }));
    expect(m.embeds).toHaveLength(0);
    expect(m.content).toBe("I don't know: nothing in my store answers it.");
  });
});

describe('escaping and truncation', () => {
  it('escapes layout markdown, masked links and mention syntax', () => {
    expect(escapeDiscord('# Big\n- item\n1. one **b** [x](https://e.x) <@123> <@&4> @everyone')).toBe(
      '\\# Big\n\\- item\n1\\. one \\*\\*b\\*\\* \\[x](https://e.x) <\u200b@123> <\u200b@&4> @\u200beveryone',
    );
  });

  it('truncates at a word boundary without leaving half an escape', () => {
    expect(truncate('one two three four', 10)).toBe('one two…');
    expect(truncate('abc\\*', 5)).toBe('abc\\*');
    expect(truncate('abcdefgh\\*xyz', 10).endsWith('\\…')).toBe(false);
  });
});
