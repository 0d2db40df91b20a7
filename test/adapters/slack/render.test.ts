import { describe, expect, it } from 'vitest';
import { Answer, Brief, type Citation, type KeyPoint, type Story } from '../../../src/domain.js';
import { clip, escapeSlack, feedbackBlock, link, renderAnswer, renderBrief, safeText, SLACK_LIMITS, type SlackMessage, unescapeSlack } from '../../../adapters/slack/render.js';

const cite = (story: number, doc: number, quote = `Quote ${story}.${doc}`): Citation => ({
  documentId: `d${story}-${doc}`, source: `Outlet ${doc}`, title: `Title of ${story}/${doc}`, url: `https://news.example/${story}/${doc}?a=1&b=2`, quote,
});

function story(i: number): Story {
  const docs = [1, 2, 3].map((d) => ({ documentId: `d${i}-${d}`, source: `Outlet ${d}`, title: `Title of ${i}/${d}`, url: `https://news.example/${i}/${d}?a=1&b=2` }));
  const keyPoints: KeyPoint[] = Array.from({ length: 8 }, (_, k) => ({
    // Some points are far longer than a section may be.
    text: `P${i}.${k} <!channel> ${k === 0 ? 'long '.repeat(900) : 'words '.repeat(40 + k * 20)}end`,
    citations: k % 3 === 0 ? [cite(i, 1)] : [cite(i, 1), cite(i, 2), cite(i, 3)],
    ...(k % 3 === 0 ? { onlyIn: 'Outlet 1' } : {}),
  }));
  return { id: `s${i}`, headline: `Headline ${i} *with* <@U123>`, documents: docs, keyPoints, agreement: [], differences: [], timespan: {} };
}

const bigBrief = (): Brief =>
  Brief.parse({
    generatedAt: '2021-04-08T10:00:00Z', request: { topic: 'Armenia <!here>' }, method: 'extractive',
    stories: Array.from({ length: 30 }, (_, i) => story(i + 1)),
    notes: ['LLM unavailable — extractive fallback', 'Only 30 of 42 stories shown'],
  });

function texts(m: SlackMessage): string[] {
  return m.blocks.flatMap((b) => (b.type === 'section' || b.type === 'header' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []));
}

describe('renderBrief limits', () => {
  const messages = renderBrief(bigBrief(), { feedbackValue: 'b:abc' });

  it('splits a 30-story brief into messages within every Slack limit', () => {
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
      for (const b of m.blocks) {
        if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
        if (b.type === 'context') {
          expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
          for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
        }
      }
      expect(texts(m).join('').length).toBeLessThanOrEqual(SLACK_LIMITS.messageChars);
    }
  });

  it('keeps every story and key point, and never cuts a citation', () => {
    const all = messages.flatMap(texts).join('\n');
    for (let i = 1; i <= 30; i++) {
      expect(all).toContain(`*Headline ${i} `);
      for (let k = 0; k < 8; k++) {
        const line = all.split('\n').find((l) => l.startsWith(`• P${i}.${k} `));
        expect(line, `point ${i}.${k}`).toBeDefined();
        const labels = k % 3 === 0 ? [1] : [1, 2, 3];
        const expected = labels.map((d) => `<https://news.example/${i}/${d}?a=1&b=2|[${d}]>`).join('');
        expect(line).toContain(expected);
        if (k % 3 === 0) expect(line?.endsWith(`${expected} · _only in_ Outlet 1`)).toBe(true);
      }
    }
    // Every link is whole: as many openers as closers in each section.
    for (const t of messages.flatMap(texts)) expect(t.split('<').length).toBe(t.split('>').length);
  });

  it('keeps each story headline with its points and puts the feedback buttons only on the last message', () => {
    for (const m of messages) {
      const last = m.blocks[m.blocks.length - 1];
      expect(last?.type).not.toBe('divider');
      if (last?.type === 'section') expect(last.text.text).not.toMatch(/^\d+\. \*Headline/);
    }
    const actions = messages.map((m) => m.blocks.filter((b) => b.type === 'actions').length);
    expect(actions.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(actions[actions.length - 1]).toBe(1);
  });

  it('escapes article and topic text everywhere, fallback text included', () => {
    const raw = JSON.stringify(messages);
    expect(raw).not.toMatch(/<!channel>|<!here>|<@U123>/);
    expect(raw).toContain('&lt;!channel&gt;');
    expect(messages[0]?.text).toContain('Headline 1');
  });

  it('states the method and the notes', () => {
    const all = messages.flatMap(texts).join('\n');
    expect(all).toContain('Extractive summary');
    expect(all).toContain('LLM unavailable — extractive fallback');
    const llm = renderBrief({ ...bigBrief(), stories: [], method: 'llm', notes: [] });
    expect(llm.flatMap(texts).join('\n')).toContain('LLM summary');
    expect(llm.flatMap(texts).join('\n')).toContain('I found no stories about');
  });
});

describe('renderAnswer', () => {
  const answered = Answer.parse({
    question: 'q?', status: 'answered', text: 'Armenia got 15,000 doses <!everyone>.', span: '15,000 doses', method: 'extractive',
    citations: [cite(1, 1, 'Armenia got 15,000 doses <!everyone>.'), cite(1, 2, 'x'.repeat(5000))],
  });

  it('shows the span, the quotes with numbered sources, and a fallback text', () => {
    const [m] = renderAnswer(answered, { feedbackValue: 'a:1' });
    const all = texts(m as SlackMessage).join('\n');
    expect(all).toContain('*15,000 doses*');
    expect(all).toContain('> “Armenia got 15,000 doses &lt;!everyone&gt;.”\n— [1] <https://news.example/1/1?a=1&b=2|Outlet 1: Title of 1/1>');
    expect(all).toContain('— [2] <https://news.example/1/2');
    expect(m?.text).toBe('Armenia got 15,000 doses &lt;!everyone&gt;.');
    for (const t of texts(m as SlackMessage)) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it('says plainly when not found', () => {
    const [m] = renderAnswer({ question: 'q', status: 'not_found', text: 'I don’t know.', citations: [], method: 'extractive' });
    expect(texts(m as SlackMessage).join('\n')).toContain("I couldn't find an answer to that in my sources.");
    expect(m?.text).toBe('I don’t know.');
  });
});

describe('escaping helpers', () => {
  it('neutralises mentions, broadcasts and entities', () => {
    expect(escapeSlack('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
    expect(safeText('hi @here and @channel')).not.toMatch(/@here|@channel/);
    expect(unescapeSlack(safeText('a <b> & @here *c*'))).toBe('a <b> & @here *c*');
  });

  it('fences formatting characters at word boundaries but leaves mid-word ones', () => {
    expect(safeText('*bold* _it_ ~s~ `c`')).not.toMatch(/(^|\s)[*_~`]\w/);
    expect(safeText('002_ea08fb494fe980f6')).toBe('002_ea08fb494fe980f6');
    expect(safeText('> not a quote').startsWith('\u200B&gt;')).toBe(true);
    expect(safeText('line\n> two')).not.toContain('\n');
  });

  it('links only http(s) URLs and keeps Slack link syntax intact', () => {
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link(undefined, 'x')).toBe('x');
    expect(link('https://a.example/p?q=a|b <c>', 'lbl')).toBe('<https://a.example/p?q=a%7Cb%20%3Cc%3E|lbl>');
  });

  it('clips without breaking an entity or a surrogate pair', () => {
    expect(clip('abc &amp; def', 7)).toBe('abc …');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });

  it('refuses a button value over Slack’s limit', () => {
    expect(() => feedbackBlock('x'.repeat(2001))).toThrow();
  });
});
