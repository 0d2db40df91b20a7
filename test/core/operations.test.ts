import { describe, expect, it } from 'vitest';
import { healthReport, operationsResponse, type Operations } from '../../src/health.js';
import { HARVEST } from '../fixtures/stories.js';
import { testApp, testBot } from '../helpers/bot.js';

const adapter = (platform: 'slack' | 'discord', up: boolean) => ({ platform, connected: () => up });
const ops = (ready: boolean): Operations => ({
  report: async () => (ready ? { ready, checks: { database: 'ok' } } : { ready, checks: { database: 'unreachable' } }),
  metrics: async () => ({ contentType: 'text/plain; version=0.0.4', text: 'briefbot_requests_total 0\n' }),
});

describe('health', () => {
  it('is ready when the database answers and every adapter is connected; says which check failed otherwise', async () => {
    expect(await healthReport({ databaseReachable: async () => true }, [adapter('slack', true), adapter('discord', true)]))
      .toEqual({ ready: true, checks: { database: 'ok', slack: 'connected', discord: 'connected' } });
    expect(await healthReport({ databaseReachable: async () => true }, [adapter('slack', true), adapter('discord', false)]))
      .toEqual({ ready: false, checks: { database: 'ok', slack: 'connected', discord: 'disconnected' } });
    expect((await healthReport({ databaseReachable: async () => false }, [])).ready).toBe(false);
  });

  it('answers /healthz always, /readyz 200 or 503 with the checks, /metrics as exposition text, and nothing else', async () => {
    expect(await operationsResponse('/healthz', ops(false))).toEqual({ status: 200, contentType: 'text/plain', body: 'ok\n' });
    expect((await operationsResponse('/readyz?verbose=1', ops(true)))?.status).toBe(200);
    const down = (await operationsResponse('/readyz', ops(false)))!;
    expect([down.status, JSON.parse(down.body)]).toEqual([503, { ready: false, checks: { database: 'unreachable' } }]);
    expect(await operationsResponse('/metrics', ops(true))).toMatchObject({ status: 200, body: 'briefbot_requests_total 0\n' });
    expect(await operationsResponse('/admin', ops(true))).toBeUndefined();
  });
});

describe('metrics', () => {
  it('counts briefs and answers by outcome, times them, and counts a user error apart from an error', async () => {
    const bot = await testBot();
    await bot.brief();
    await bot.answer('How many doses of Sputnik V did Armenia receive first?');
    await bot.answer('What is the population of Brazil?');
    await expect(bot.brief({ topic: 'x'.repeat(500) })).rejects.toThrow(/a few words/);
    const { text, contentType } = await bot.metrics();
    expect(contentType).toMatch(/^text\/plain/);
    expect(text).toContain('briefbot_requests_total{kind="brief",outcome="ok"} 1');
    expect(text).toContain('briefbot_requests_total{kind="answer",outcome="ok"} 1');
    expect(text).toContain('briefbot_requests_total{kind="answer",outcome="abstained"} 1');
    expect(text).toContain('briefbot_requests_total{kind="brief",outcome="user_error"} 1');
    expect(text).toMatch(/briefbot_request_seconds_count\{kind="answer"\} 2/);
    // the process's own metrics are exported once per process (by boot), not by every app
    expect(text).not.toContain('briefbot_process_resident_memory_bytes');
    await bot.close();
  });
});

describe('the brief cache', () => {
  it('serves an identical brief again while the store is unchanged, for BRIEF_CACHE_SECONDS; a new article or time ends it', async () => {
    let clock = new Date('2026-06-01T09:00:00Z');
    const app = await testApp({ now: () => clock });
    const first = await app.bot.brief();
    const again = await app.bot.brief();
    expect(again).toEqual(first);
    await app.bot.brief({ topic: 'vaccines' }); // another request: computed
    const counts = async () => (await app.bot.metrics()).text.match(/briefbot_requests_total\{kind="brief",outcome="(ok|cached)"\} \d+/g);
    expect(await counts()).toEqual(['briefbot_requests_total{kind="brief",outcome="ok"} 2', 'briefbot_requests_total{kind="brief",outcome="cached"} 1']);
    // a new article: the next brief is made afresh and has it
    await app.storage.documents.add([HARVEST]);
    expect((await app.bot.brief()).stories.map((s) => s.headline)).toContain(HARVEST.title);
    // the window ends
    clock = new Date(clock.getTime() + app.config.BRIEF_CACHE_SECONDS * 1000 + 1);
    await app.bot.brief();
    expect(await counts()).toEqual(['briefbot_requests_total{kind="brief",outcome="ok"} 4', 'briefbot_requests_total{kind="brief",outcome="cached"} 1']);
    await app.bot.close();
  });

  it('is off with BRIEF_CACHE_SECONDS=0', async () => {
    const app = await testApp({ env: { BRIEF_CACHE_SECONDS: '0' } });
    await app.bot.brief();
    await app.bot.brief();
    expect((await app.bot.metrics()).text).toContain('briefbot_requests_total{kind="brief",outcome="ok"} 2');
    await app.bot.close();
  });
});
