// The core's feedback verbs: what a 👍/👎 rates is built and stored by the core, the same for every platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/domain.js';
import { MAX_STORED_CITATIONS, MAX_STORED_TEXT } from '../../src/feedback/service.js';
import { testApp } from '../helpers/bot.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const citation = { documentId: 'd1', source: 'OC Media', title: 'Doses arrive', quote: 'the first 15,000 doses' };
const answer: Answer = { question: 'How many doses?', status: 'answered', text: 'Armenia got 15,000 doses.', citations: [citation], method: 'extractive' };

describe('bot.feedback', () => {
  it('records a vote with what it rates; a repeat by the same user counts once, the other vote replaces it', async () => {
    const { bot, storage } = await testApp({ seeds: [] });
    const key = await bot.feedback.remember('discord', { kind: 'answer', answer });
    expect(key).toMatch(/^[\w-]{1,16}$/);
    expect(await bot.feedback.vote('discord', key, { userId: 'u1' }, 'down')).toBe('recorded');
    expect(await bot.feedback.vote('discord', key, { userId: 'u1' }, 'down')).toBe('repeated');
    expect(await bot.feedback.vote('discord', key, { userId: 'u2' }, 'down')).toBe('recorded');
    expect(await bot.feedback.vote('discord', key, { userId: 'u1' }, 'up')).toBe('recorded');
    expect(await bot.feedback.vote('discord', key, { userId: 'u1' }, 'up')).toBe('repeated');
    expect((await storage.feedback.all()).map((f) => [f.userId, f.vote])).toEqual([['u1', 'down'], ['u2', 'down'], ['u1', 'up']]);
    expect((await storage.feedback.all())[0]).toMatchObject({ platform: 'discord', kind: 'answer', question: 'How many doses?', answerText: answer.text, citations: [citation] });
    await bot.close();
  });

  it('with many workspaces, the same user id in two workspaces is two voters, and each vote records its workspace', async () => {
    const { bot, storage } = await testApp({ seeds: [] });
    const key = await bot.feedback.remember('slack', { kind: 'answer', answer });
    expect(await bot.feedback.vote('slack', key, { userId: 'U1', workspaceId: 'T-A' }, 'up')).toBe('recorded');
    expect(await bot.feedback.vote('slack', key, { userId: 'U1', workspaceId: 'T-B' }, 'up')).toBe('recorded');
    expect(await bot.feedback.vote('slack', key, { userId: 'U1', workspaceId: 'T-A' }, 'up')).toBe('repeated');
    expect((await storage.feedback.all()).map((f) => f.workspaceId)).toEqual(['T-A', 'T-B']);
    await bot.close();
  });

  it('a brief is rated by its headlines and points, with every citation; its topic is the question', async () => {
    const { bot, storage } = await testApp();
    const brief = await bot.brief({ topic: 'vaccines' });
    const key = await bot.feedback.remember('slack', { kind: 'brief', brief });
    expect(await bot.feedback.vote('slack', key, { userId: 'u1' }, 'up')).toBe('recorded');
    const [stored] = await storage.feedback.all();
    expect(stored).toMatchObject({ kind: 'brief', question: 'vaccines' });
    expect(stored?.answerText).toContain(brief.stories[0]!.headline);
    expect(stored?.citations).toHaveLength(Math.min(MAX_STORED_CITATIONS, brief.stories.flatMap((s) => s.keyPoints.flatMap((p) => p.citations)).length));
    await bot.close();
  });

  it('stores at most MAX_STORED_TEXT characters and MAX_STORED_CITATIONS citations of what is rated', async () => {
    const { bot, storage } = await testApp({ seeds: [] });
    const long: Answer = { ...answer, text: 'x'.repeat(MAX_STORED_TEXT * 2), citations: Array.from({ length: MAX_STORED_CITATIONS + 9 }, () => citation) };
    const key = await bot.feedback.remember('slack', { kind: 'answer', answer: long });
    await bot.feedback.vote('slack', key, { userId: 'u1' }, 'up');
    expect((await storage.feedback.all())[0]?.answerText).toHaveLength(MAX_STORED_TEXT);
    expect((await storage.feedback.all())[0]?.citations).toHaveLength(MAX_STORED_CITATIONS);
    await bot.close();
  });

  it('an unknown key is "unknown", unless the platform gives what the message said', async () => {
    const { bot, storage } = await testApp({ seeds: [] });
    expect(await bot.feedback.vote('slack', 'nope', { userId: 'u1' }, 'up')).toBe('unknown');
    expect(await storage.feedback.all()).toEqual([]);
    expect(await bot.feedback.vote('slack', 'nope', { userId: 'u1' }, 'up', { kind: 'answer', answerText: 'what the message said', citations: [] })).toBe('recorded');
    expect(await storage.feedback.all()).toMatchObject([{ platform: 'slack', answerText: 'what the message said', citations: [] }]);
    await bot.close();
  });

  it('the app drops contexts older than 90 days at start, with their votes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-feedback-'));
    dirs.push(dir);
    const env = { BRIEFBOT_DB: join(dir, 'test.db') };
    let clock = new Date('2026-01-01T00:00:00Z');
    const first = await testApp({ env, seeds: [], now: () => clock });
    const old = await first.bot.feedback.remember('slack', { kind: 'answer', answer });
    await first.bot.feedback.vote('slack', old, { userId: 'u1' }, 'up');
    clock = new Date('2026-03-15T00:00:00Z');
    const recent = await first.bot.feedback.remember('slack', { kind: 'answer', answer });
    await first.bot.close();
    clock = new Date('2026-04-15T00:00:00Z');
    const second = await testApp({ env, seeds: [], now: () => clock });
    expect(await second.storage.feedback.context('slack', old)).toBeUndefined();
    expect(await second.storage.feedback.context('slack', recent)).toMatchObject({ answerText: answer.text });
    expect(second.storage.db.prepare('SELECT count(*) AS n FROM feedback_votes').get()).toEqual({ n: 0 });
    expect(await second.bot.feedback.vote('slack', old, { userId: 'u1' }, 'up')).toBe('unknown');
    await second.bot.close();
  });
});
