// Briefs with a language model (#15): each story's key points written by the model from the sentences the
// extractive brief cites, checked; a failing model leaves the extractive points and says so. Seeds, fake server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { blockText, seededBot, startHarness, type Harness } from '../adapters/slack/harness.js';
import { FakeOpenAi } from '../doubles/openai-api.js';
import type { Brief } from '../../src/domain.js';
import { testApp } from '../helpers/bot.js';
import { outlet } from '../helpers/outlet.js';

let fake: FakeOpenAi;
let bot: BriefBot | undefined;
let h: Harness | undefined;
beforeAll(async () => {
  fake = await FakeOpenAi.start();
});
afterAll(() => fake.close());
afterEach(async () => {
  fake.reset();
  await bot?.close();
  bot = undefined;
  await h?.close();
  h = undefined;
});

const env = () => ({ LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '3000', BRIEF_CACHE_SECONDS: '0' });
/** Two points from the first passages, as a model would write them, and one invented. */
const points = (ps: string[]) => [
  `${ps[0]!.replace(/\.$/, '')} [1].`,
  `${ps[1]!.replace(/\.$/, '')} [2].`,
  'Both leaders also signed a treaty on Mars [1].',
].join('\n');

describe('briefs written by a model, checked against their sources', () => {
  it('the story\'s points are the model\'s that pass the check, each citing the stored sentences verbatim', async () => {
    bot = (await testApp({ env: env() })).bot;
    const extractive = await (await testApp()).bot.brief();
    fake.next({ reply: points });
    const brief = await bot.brief();
    expect(brief.method).toBe('llm');
    expect(brief.stories).toHaveLength(extractive.stories.length);
    const story = brief.stories[0]!;
    expect(story.headline).toBe(extractive.stories[0]!.headline);
    expect(story.keyPoints).toHaveLength(2);
    expect(story.keyPoints.map((p) => p.text).join(' ')).not.toMatch(/Mars/);
    const quotes = new Set(extractive.stories[0]!.keyPoints.flatMap((p) => p.citations.map((c) => c.quote)));
    for (const p of story.keyPoints) for (const c of p.citations) expect(quotes.has(c.quote)).toBe(true);
    expect(brief.notes).toContain('1 point the sources do not support left out.');
    // the contract: the story's passages, numbered and fenced
    expect(fake.requests.at(-1)!.messages[1]?.content).toMatch(/^Story: .*\n\nPassages:\n<<<\n\[1\] \(/);
  });

  it('a failing model leaves the extractive points, and the brief says why', async () => {
    bot = (await testApp({ env: env() })).bot;
    fake.next({ status: 500 });
    const brief = await bot.brief();
    expect(brief.method).toBe('extractive');
    expect(brief.stories[0]!.keyPoints.length).toBeGreaterThan(0);
    expect(brief.notes.at(-1)).toMatch(/1 of 1 stories keep their quoted sentences: the language model was not available \(http_500\)/);
  });

  it('a scheduled digest is written by the model too, and still delivered when the model fails', async () => {
    const app = await testApp({ env: env() });
    bot = app.bot;
    const at = new Date();
    await bot.digests.subscribe({ platform: 'slack', channelId: 'C1' }, `${at.toISOString().slice(11, 16)} UTC`, { id: 'U1', canManage: true, whoCan: '' });
    await bot.digests.subscribe({ platform: 'slack', channelId: 'C2' }, `${at.toISOString().slice(11, 16)} UTC`, { id: 'U1', canManage: true, whoCan: '' });
    const posted: Brief[] = [];
    fake.next({ reply: points }, { status: 503 });
    const results = await bot.digestRunner(outlet(async (_c, b) => void posted.push(b)), 'p1', { sleep: async () => undefined }).runDue(at);
    expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered']);
    expect(posted.map((b) => b.method)).toEqual(['llm', 'extractive']);
    expect(posted[1]!.notes.at(-1)).toMatch(/not available \(http_503\)/);
  });

  it('on Slack, /brief shows the model\'s points and says how the brief was made', async () => {
    h = await startHarness({ app: await seededBot(['seeds'], { env: env() }) });
    fake.next({ reply: points });
    await h.command('', 'llm');
    const reply = await h.api.waitFor(() => h!.api.responses.find((r) => r.method === '/response/llm'));
    const text = blockText(reply.body.blocks);
    expect(text).toMatch(/LLM summary, checked against the quoted sources/);
    expect(text).not.toMatch(/Mars/);
  });
});
