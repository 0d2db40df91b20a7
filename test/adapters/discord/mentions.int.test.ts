// Mention Q&A end to end: real discord.js and the real core against the fake Discord REST API and gateway.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AskContext, BriefBot } from '../../../src/app.js';
import { ALICE, BOT, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, OTHER_BOT, discordTestApp, messagePayload, startDiscordHarness, type DiscordHarness } from '../../doubles/discord-harness.js';
import type { TestApp } from '../../helpers/bot.js';
import { messageObject, type RecordedRequest, type StoredMessage } from '../../doubles/discord-rest.js';

interface Body {
  content?: string;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
  components?: { components: { custom_id: string }[] }[];
  allowed_mentions?: { parse: string[]; replied_user?: boolean };
  message_reference?: { message_id: string };
  name?: string;
}
const body = (r: RecordedRequest) => r.body as Body;
const MENTION = `<@${BOT.id}>`;
const SPUTNIK = `${MENTION} How many doses of Sputnik V did Armenia receive first?`;


describe('discord mentions', () => {
  let app: TestApp;
  let bot: BriefBot;
  let h: DiscordHarness;
  const posts = (channelId: string) => h.rest.find('POST', new RegExp(`^/channels/${channelId}/messages$`));
  const allPosts = () => h.rest.find('POST', /^\/channels\/\d+\/messages$/);

  beforeEach(async () => {
    app = await discordTestApp();
    bot = app.bot;
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h.close();
    await bot.close();
  });

  it('answers a mention in a thread under the question, with quote, citation and feedback buttons', async () => {
    const q = h.message(SPUTNIK);
    const answer = await h.rest.waitFor(() => posts(String(q.id))[0]);
    const [thread] = h.rest.find('POST', /\/threads$/);
    expect(thread?.path).toBe(`/channels/${CHANNEL_ID}/messages/${String(q.id)}/threads`);
    expect(body(thread!).name).toBe('How many doses of Sputnik V did Armenia receive first?');
    const b = body(answer);
    expect(b.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = b.embeds?.[0];
    expect(embed?.description).toContain('15,000');
    expect(embed?.fields?.[0]?.name).toBe('[1] 002\\_ea08fb494fe980f6');
    expect(embed?.fields?.[0]?.value).toMatch(/^> He also announced that Armenia will receive on Thursday the first 15,000 doses/);
    expect(embed?.footer?.text).toMatch(/^Extractive answer/);
    expect(b.components?.[0]?.components.map((c) => c.custom_id)).toEqual(['fb:up:key1', 'fb:down:key1']);
  });

  it('says plainly when the articles do not answer', async () => {
    const q = h.message(`${MENTION} What is the population of Brazil?`);
    const answer = await h.rest.waitFor(() => posts(String(q.id))[0]);
    expect(body(answer).content).toMatch(/^I don't know/);
    expect(body(answer).embeds ?? []).toHaveLength(0);
  });

  it('explains a user error (an empty question) in a short reply', async () => {
    const q = h.message(MENTION);
    const reply = await h.rest.waitFor(() => posts(CHANNEL_ID)[0]);
    expect(body(reply).message_reference?.message_id).toBe(q.id);
    expect(body(reply).content).toMatch(/^Your question is empty/);
    expect(body(reply).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('falls back to a plain reply, pinging nobody, when it cannot start a thread', async () => {
    h.rest.failNext((m, p) => m === 'POST' && p.endsWith('/threads'), 403);
    const q = h.message(SPUTNIK);
    const reply = await h.rest.waitFor(() => posts(CHANNEL_ID)[0]);
    // the refusal is counted for /metrics
    expect((await bot.metrics()).text).toMatch(/^briefbot_platform_errors_total\{platform="discord",error="http_403"\} 1$/m);
    expect(body(reply).message_reference?.message_id).toBe(q.id);
    expect(body(reply).allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body(reply).embeds?.[0]?.description).toContain('15,000');
  });

  it('passes earlier turns of the thread to the core for a follow-up', async () => {
    const spy = vi.spyOn(bot, 'answer');
    const q = h.message(SPUTNIK);
    await h.rest.waitFor(() => posts(String(q.id))[0]);
    // The follow-up arrives in the thread (its id is the question's id).
    h.message(`${MENTION} When did they arrive?`, { channel_id: q.id });
    await h.rest.waitFor(() => posts(String(q.id))[1]);
    expect(spy).toHaveBeenCalledTimes(2);
    const [question, context] = spy.mock.calls[1] as [string, AskContext];
    const turns = context.thread;
    expect(question).toBe('When did they arrive?');
    expect(turns).toEqual([{ question: 'How many doses of Sputnik V did Armenia receive first?', answer: expect.stringContaining('15,000') as string }]);
  });

  it('rebuilds thread context from the thread messages when it has none in memory', async () => {
    const spy = vi.spyOn(bot, 'answer');
    const threadId = '900000000000000777';
    h.gateway.dispatch('THREAD_CREATE', {
      id: threadId, type: 11, guild_id: GUILD_ID, parent_id: CHANNEL_ID, name: 'Doses', owner_id: BOT.id,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    });
    // The starter message (same id as the thread) in the parent channel, and the bot's answer inside the thread.
    h.rest.addMessage({ ...messageObject(CHANNEL_ID, ALICE, { content: SPUTNIK, mentions: [BOT] }), id: threadId });
    h.rest.addMessage(messageObject(threadId, BOT, { embeds: [{ description: 'the first 15,000 doses' }] }));
    h.message(`${MENTION} And after that?`, { channel_id: threadId });
    await h.rest.waitFor(() => posts(threadId)[0]);
    const turns = spy.mock.calls[0]?.[1]?.thread;
    expect(turns).toEqual([{ question: 'How many doses of Sputnik V did Armenia receive first?', answer: 'the first 15,000 doses' }]);
  });

  it('answers a reply to its own answer, with that conversation as context', async () => {
    h.rest.failNext((m, p) => m === 'POST' && p.endsWith('/threads'), 403);
    const spy = vi.spyOn(bot, 'answer');
    h.message(SPUTNIK);
    await h.rest.waitFor(() => posts(CHANNEL_ID)[0]);
    const sent = h.rest.messages.get(CHANNEL_ID)?.[0];
    // A reply without a ping: no mention, only the reference to the bot's message.
    h.message('Which vaccine was that?', { mentions: [], message_reference: { message_id: sent?.id, channel_id: CHANNEL_ID }, referenced_message: sent, type: 19 });
    const second = await h.rest.waitFor(() => posts(CHANNEL_ID)[1]);
    // The conversation already lives in the channel, so it continues there rather than in a new thread.
    expect(h.rest.find('POST', /\/threads$/)).toHaveLength(0);
    expect(body(second).message_reference).toBeDefined();
    expect(spy.mock.calls[1]?.[0]).toBe('Which vaccine was that?');
    expect(spy.mock.calls[1]?.[1]?.thread).toHaveLength(1);
  });

  it('answers a direct message without a mention', async () => {
    h.message('How many doses of Sputnik V did Armenia receive first?', { channel_id: DM_CHANNEL_ID, guild_id: undefined, member: undefined, channel_type: 1 });
    const reply = await h.rest.waitFor(() => posts(DM_CHANNEL_ID)[0]);
    expect(body(reply).embeds?.[0]?.description).toContain('15,000');
    expect(h.rest.find('POST', /\/threads$/)).toHaveLength(0);
  });

  it('ignores bots, @everyone, @here and role mentions, and unrelated chatter', async () => {
    const spy = vi.spyOn(bot, 'answer');
    h.message(SPUTNIK, { author: { ...OTHER_BOT, discriminator: '0' } });
    h.message('@everyone How many doses of Sputnik V did Armenia receive first?', { mention_everyone: true });
    h.message('@here what happened?', { mention_everyone: true });
    h.message('<@&900000000000000099> what happened?', { mention_roles: ['900000000000000099'] });
    h.message('How many doses of Sputnik V did Armenia receive first?');
    const last = h.message(`${MENTION} What is the population of Brazil?`);
    await h.rest.waitFor(() => posts(String(last.id))[0]);
    // No sleep needed: the gateway delivers these in order, and the handler decides (ignore, or call answer())
    // before its first await, so every earlier message has been decided by now: one answer() call.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(allPosts()).toHaveLength(1);
    expect(h.rest.find('POST', /\/threads$/)).toHaveLength(1);
  });

  it('answers a message once even when the gateway delivers it twice or replays it after a resume', async () => {
    const q = h.message(SPUTNIK);
    h.gateway.dispatch('MESSAGE_CREATE', q);
    await h.rest.waitFor(() => posts(String(q.id))[0]);
    h.gateway.dropAndResume([{ type: 'MESSAGE_CREATE', data: q }]);
    await h.rest.waitFor(() => h.gateway.resumes.length === 1);
    const after = h.message(`${MENTION} What is the population of Brazil?`);
    await h.rest.waitFor(() => posts(String(after.id))[0], 8000);
    expect(posts(String(q.id))).toHaveLength(1);
    expect(h.rest.find('POST', /\/threads$/)).toHaveLength(2);
    expect(h.gateway.identifies).toHaveLength(1); // resumed, not re-identified
    // Both copies reached the adapter (discord.js keeps no message cache here) and were recognised.
    expect(h.logs.filter((l) => /already answered/.test(l.msg))).toHaveLength(2);
  });

  it('waits out a 429 with Retry-After and still delivers the answer', async () => {
    h.rest.rateLimitNext(1, 0.3);
    const started = Date.now();
    const q = h.message(SPUTNIK);
    const answer = await h.rest.waitFor(() => posts(String(q.id))[0]);
    const limited = h.rest.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(body(answer).embeds?.[0]?.description).toContain('15,000');
    expect(h.rest.find('POST', /\/threads$/)).toHaveLength(1);
  });

  it('stores a 👎 on an answer with its question and citations', async () => {
    const q = h.message(SPUTNIK);
    await h.rest.waitFor(() => posts(String(q.id))[0]);
    h.button('fb:down:key1');
    h.button('fb:down:key1'); // a double click is counted once
    await h.rest.waitFor(() => h.rest.find('POST', /^\/interactions\//).length === 2);
    const stored = await app.storage.feedback.all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ platform: 'discord', userId: ALICE.id, vote: 'down', kind: 'answer', question: 'How many doses of Sputnik V did Armenia receive first?' });
    expect(stored[0]?.answerText).toContain('15,000');
    expect(stored[0]?.citations[0]?.source).toBe('002_ea08fb494fe980f6');
  });
});

describe('discord: article text cannot ping anyone', () => {
  it('sends an article containing @everyone and a user mention with allowed_mentions parse []', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefbot-discord-'));
    writeFileSync(
      join(dir, 'ping.txt'),
      'Harbour Council Votes On Ferry Fares\n\nThe harbour council voted on Tuesday to freeze ferry fares for another year. ' +
        'A notice posted to the council forum read "@everyone the ferry fare freeze passed" and tagged <@900000000000000020> as its author. ' +
        'Ferry operators said the freeze would cost them money.',
    );
    const { bot, config } = await discordTestApp({ seeds: [dir] });
    const h = await startDiscordHarness({ bot, config });
    try {
      const q = h.message(`${MENTION} What did the notice on the council forum say?`);
      const answer = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/channels/${String(q.id)}/messages$`))[0]);
      const text = JSON.stringify(answer.body);
      expect(text).toContain('@\u200beveryone');
      expect(body(answer).allowed_mentions).toEqual({ parse: [], replied_user: false });

      await h.adapter.post({ channelId: CHANNEL_ID }, await bot.brief());
      const digest = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`))[0]);
      expect(JSON.stringify(digest.body)).toContain('@\u200beveryone');
      expect(body(digest).allowed_mentions).toEqual({ parse: [], replied_user: false });
    } finally {
      await h.close();
      await bot.close();
    }
  });
});

describe('discord: a question its process was killed while answering', () => {
  it('is answered once by the next process: read again from Discord and answered in its thread', async () => {
    const app = await discordTestApp();
    const asked = messagePayload(SPUTNIK);
    // taken on by a process that is gone (its pid exited), and never answered
    const gone = `${hostname()}:${spawnSync(process.execPath, ['-e', '0']).pid}:deadbeef`;
    await app.storage.inbox.accept('discord', [`msg:${String(asked.id)}`], JSON.stringify({ channelId: CHANNEL_ID, messageId: asked.id }), gone, new Date(), 60_000);
    const h = await startDiscordHarness(app, {}, (rest) => rest.addMessage(asked as unknown as StoredMessage));
    try {
      const answer = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/channels/${String(asked.id)}/messages$`))[0]);
      expect(body(answer).embeds?.[0]?.description).toContain('15,000');
      // the gateway replays the same message: recognised, not answered again
      h.gateway.dispatch('MESSAGE_CREATE', asked);
      await h.rest.waitFor(() => h.logs.some((l) => /already answered/.test(l.msg)));
      expect(h.rest.find('POST', /\/threads$/)).toHaveLength(1);
      expect(await app.storage.inbox.unfinished('discord', 'anyone', new Date(0), 10)).toEqual([]);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});

describe('discord: the Message Content intent is optional', () => {
  const MESSAGE_CONTENT = 1 << 15;
  const intentsOf = (h: DiscordHarness) => (h.gateway.identifies[0] as { intents: number }).intents;

  it('is not asked for by default (unapproved, the gateway refuses the bot with 4014); a reply it cannot read gets a hint', async () => {
    const app = await discordTestApp();
    const h = await startDiscordHarness(app);
    try {
      expect(intentsOf(h) & MESSAGE_CONTENT).toBe(0);
      // a reply to an answer that does not mention the bot arrives with its text withheld
      const answer = messageObject(CHANNEL_ID, BOT, { content: '' });
      const reply = h.message('', { mentions: [], message_reference: { message_id: answer.id, channel_id: CHANNEL_ID }, referenced_message: answer, type: 19 });
      const hint = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`))[0]);
      expect(body(hint).content).toMatch(/^I can only read replies that mention me/);
      expect(body(hint).message_reference?.message_id).toBe(reply.id);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });

  it('is asked for with DISCORD_MESSAGE_CONTENT=true', async () => {
    const app = await discordTestApp({ env: { DISCORD_MESSAGE_CONTENT: 'true' } });
    const h = await startDiscordHarness(app);
    try {
      expect(intentsOf(h) & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});

describe('discord: permissions checked before acting', () => {
  const NO_THREADS = '900000000000000013';
  const READ_ONLY = '900000000000000014';
  const deny = (bits: bigint) => [{ id: GUILD_ID, type: 0 as const, allow: '0', deny: String(bits) }]; // on @everyone, the bot's only role

  it('answers in the channel where it may not start threads, and not at all where it may not post (no 403s)', async () => {
    const app = await discordTestApp();
    const h = await startDiscordHarness(app, {}, () => {}, [
      { id: NO_THREADS, type: 0, name: 'no-threads', permission_overwrites: deny(PermissionFlagsBits.CreatePublicThreads) },
      { id: READ_ONLY, type: 0, name: 'read-only', permission_overwrites: deny(PermissionFlagsBits.SendMessages) },
    ]);
    try {
      const muted = h.message(SPUTNIK, { channel_id: READ_ONLY });
      const q = h.message(SPUTNIK, { channel_id: NO_THREADS });
      const reply = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/channels/${NO_THREADS}/messages$`))[0]);
      expect(body(reply).message_reference?.message_id).toBe(q.id);
      expect(body(reply).embeds?.[0]?.description).toContain('15,000');
      expect(h.rest.requests.filter((r) => r.path.endsWith('/threads') || r.path.includes(READ_ONLY))).toEqual([]);
      expect(h.logs.some((l) => /may not post/.test(l.msg) && l.messageId === muted.id)).toBe(true);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});
