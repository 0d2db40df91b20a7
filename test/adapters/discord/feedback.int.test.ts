// 👍/👎 across a restart: real discord.js and the real core on one SQLite file, against the fake Discord REST API
// and gateway. The second app and adapter know only what the database kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../../src/app.js';
import { ALICE, BOT, discordTestApp, startDiscordHarness, type DiscordHarness } from '../../doubles/discord-harness.js';
import type { TestApp } from '../../helpers/bot.js';
import type { FakeUser, RecordedRequest } from '../../doubles/discord-rest.js';

const BOB: FakeUser = { id: '900000000000000022', username: 'bob' };
const QUESTION = 'How many doses of Sputnik V did Armenia receive first?';
const content = (r: RecordedRequest) => (r.body as { data?: { content?: string } }).data?.content ?? '';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** Registers `close` to run after the test unless it ran already; returns it, to stop early (a "restart"). */
function track(close: () => Promise<void> | void): () => Promise<void> {
  let closed: Promise<void> | undefined;
  const once = () => (closed ??= Promise.resolve().then(close));
  cleanup.push(once);
  return once;
}

/** A bot on `db` and the real adapter on the fakes; `stop` closes both. */
async function start(db: string): Promise<{ app: TestApp; bot: BriefBot; h: DiscordHarness; stop: () => Promise<void> }> {
  const app = await discordTestApp({ env: { BRIEFBOT_DB: db }, seeds: [] });
  const bot = app.bot;
  const closeBot = track(() => bot.close());
  const h = await startDiscordHarness(app);
  const closeHarness = track(() => h.close());
  return { app, bot, h, stop: async () => { await closeHarness(); await closeBot(); } };
}

/** Clicks a feedback button and resolves with the text of the ephemeral acknowledgement. */
async function click(h: DiscordHarness, customId: string, user: FakeUser): Promise<string> {
  const before = h.rest.find('POST', /^\/interactions\//).length;
  h.button(customId, user);
  return content(await h.rest.waitFor(() => h.rest.find('POST', /^\/interactions\//)[before]));
}

describe('discord feedback across a restart', () => {
  it('a vote after a restart is stored with the original citations; a repeated vote still counts once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-discord-feedback-'));
    track(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'bot.db');

    const first = await start(db);
    await first.bot.ingest(['seeds']);
    const q = first.h.message(`<@${BOT.id}> ${QUESTION}`);
    await first.h.rest.waitFor(() => first.h.rest.find('POST', new RegExp(`^/channels/${String(q.id)}/messages$`))[0]);
    expect(await click(first.h, 'fb:down:key1', ALICE)).toMatch(/^Thanks for the feedback/);
    await first.stop();

    const { app, h } = await start(db);
    expect(await click(h, 'fb:down:key1', ALICE)).toBe('You already voted on this one. Thanks!');
    expect(await click(h, 'fb:up:key1', BOB)).toBe('Thanks for the feedback! 👍');
    const stored = await app.storage.feedback.all();
    expect(stored.map((f) => [f.userId, f.vote])).toEqual([[ALICE.id, 'down'], [BOB.id, 'up']]);
    expect(stored[1]).toMatchObject({ platform: 'discord', kind: 'answer', question: QUESTION });
    expect(stored[1]?.answerText).toContain('15,000');
    expect(stored[1]?.citations).toEqual(stored[0]?.citations);
    expect(stored[1]?.citations[0]?.source).toBe('002_ea08fb494fe980f6');
  });
});
