// Digest sub-commands and digest threads end to end: real discord.js and the real core against the fake
// Discord REST API and gateway.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../bench/corpus.js';
import { HELP_TEXT } from '../../../adapters/discord/command-definitions.js';
import { WHO_CAN_MANAGE } from '../../../adapters/discord/digest-command.js';
import { escapeDiscord } from '../../../adapters/discord/render.js';
import type { BriefBot } from '../../../src/app.js';
import { notAllowed } from '../../../src/digest/service.js';
import { parseSubscribeArgs } from '../../../src/digest/subscribe-args.js';
import { TIME_FORMS } from '../../../src/digest/time.js';
import { BOT, CHANNEL_ID, DM_CHANNEL_ID, discordTestApp, dmInteraction, GUILD_ID, memberWith, startDiscordHarness, type DiscordHarness } from '../../doubles/discord-harness.js';
import type { TestApp } from '../../helpers/bot.js';
import { until } from '../../helpers/wait.js';
import { articleHtml, rss, startFeedServer } from '../../sources/feed-server.js';
import type { RecordedRequest } from '../../doubles/discord-rest.js';

interface Body {
  type?: number;
  data?: { flags?: number; content?: string; allowed_mentions?: unknown };
  embeds?: { title?: string; description?: string }[];
  message_reference?: { message_id: string };
}
const body = (r: RecordedRequest) => r.body as Body;
const EPHEMERAL = 64;
const MENTION = `<@${BOT.id}>`;
const here = { platform: 'discord', channelId: CHANNEL_ID } as const;
const MANAGE_CHANNELS = { member: memberWith(PermissionFlagsBits.ManageChannels) };
type Option = { name: string; type: number; value: unknown };
const str = (name: string, value: string): Option => ({ name, type: 3, value });

describe('discord digests', () => {
  let clock: Date;
  let app: TestApp;
  let bot: BriefBot;
  let h: DiscordHarness;
  beforeEach(async () => {
    clock = new Date('2026-06-01T07:00:00Z');
    app = await discordTestApp({ now: () => clock });
    bot = app.bot;
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h.close();
    await bot.close();
  });

  /** Dispatches `/brief <sub>` and resolves with its (immediate, ephemeral) reply's content. */
  async function run(sub: string, options: Option[] = [], extra: Record<string, unknown> = {}): Promise<string> {
    const sent = h.command(sub, options, extra);
    const cb = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(sent.id)}/`))[0]);
    expect(body(cb)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    return body(cb).data?.content ?? '';
  }

  it('a member with Manage Channels subscribes the channel: stored and confirmed', async () => {
    const text = await run('subscribe', [str('time', '08:30'), str('timezone', 'Europe/London'), { name: 'weekdays', type: 5, value: true }, str('topic', 'vaccines')], MANAGE_CHANNELS);
    expect(text).toContain('Done: this channel gets a digest at 08:30 Europe/London on weekdays, about “vaccines”.');
    expect(await bot.digests.list(here)).toMatchObject([
      { platform: 'discord', channelId: CHANNEL_ID, timeOfDay: '08:30', timezone: 'Europe/London', weekdaysOnly: true, topic: 'vaccines', createdBy: '900000000000000020' },
    ]);
  });

  it('tells a manager which permissions the bot lacks to post a digest here, and subscribes nothing', async () => {
    const text = await run('subscribe', [], { ...MANAGE_CHANNELS, app_permissions: String(PermissionFlagsBits.ViewChannel) });
    expect(text).toBe('I cannot post a digest here: I am missing **Send Messages**, **Embed Links** in this channel. Give me them, then subscribe again.');
    expect(await bot.digests.list(here)).toEqual([]);
  });

  it('Manage Server or Administrator will do too; every option may be left out', async () => {
    expect(await run('subscribe', [], { member: memberWith(PermissionFlagsBits.ManageGuild) })).toContain('08:00 UTC every day');
    expect(await run('subscribe', [str('topic', 'armenia')], { member: memberWith(PermissionFlagsBits.Administrator) })).toContain('about “armenia”');
    expect((await bot.digests.list(here)).map((s) => s.topic)).toEqual(['', 'armenia']);
  });

  it('without either permission subscribing and unsubscribing are refused, and nothing changes', async () => {
    expect(await run('subscribe', [str('time', '07:00')])).toBe(notAllowed(WHO_CAN_MANAGE));
    expect(await bot.digests.list(here)).toEqual([]);
    await run('subscribe', [], MANAGE_CHANNELS);
    expect(await run('unsubscribe', [], { member: memberWith(PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel) })).toBe(notAllowed(WHO_CAN_MANAGE));
    expect(await bot.digests.list(here)).toHaveLength(1);
    expect(await run('unsubscribe', [], MANAGE_CHANNELS)).toBe('Stopped 1 digest in this channel.');
    expect(await bot.digests.list(here)).toEqual([]);
  });

  it('in a DM the user may subscribe the DM itself', async () => {
    expect(await run('subscribe', [str('time', '6:30pm')], dmInteraction())).toContain('Done: this conversation gets a digest at 18:30 UTC');
    expect(await bot.digests.list({ platform: 'discord', channelId: DM_CHANNEL_ID })).toHaveLength(1);
    expect(await bot.digests.list(here)).toEqual([]);
  });

  it('a bad time or timezone gets the accepted forms; a timezone alias is stored by its Region/City name', async () => {
    const tz = await run('subscribe', [str('timezone', 'Mars/Olympus')], MANAGE_CHANNELS);
    expect(tz).toContain('“Mars/Olympus” is not a timezone I know');
    expect(tz).toContain('Europe/London');
    expect(await run('subscribe', [str('time', 'noon')], MANAGE_CHANNELS)).toContain(TIME_FORMS);
    expect(await bot.digests.list(here)).toEqual([]);
    await run('subscribe', [str('timezone', 'Japan')], MANAGE_CHANNELS);
    expect(await bot.digests.list(here)).toMatchObject([{ timezone: 'Asia/Tokyo' }]);
  });

  it('lists subscriptions and sources for anyone', async () => {
    expect(await run('subscriptions')).toContain('no scheduled digests');
    await bot.digests.subscribe(here, '08:30 Asia/Yerevan armenia', { id: 'admin', canManage: true, whoCan: 'test' });
    await bot.digests.subscribe(here, '18:00 UTC weekdays', { id: 'admin', canManage: true, whoCan: 'test' });
    const subs = await run('subscriptions');
    expect(subs).toContain('• 08:30 Asia/Yerevan every day, about “armenia”');
    expect(subs).toContain('• 18:00 UTC on weekdays');
    const sources = await run('sources');
    expect(sources).toContain('Outlets feeding this channel');
    expect(sources).toContain('• OC Media: 1 article');
    expect(sources).toContain('• 002\\_ea08fb494fe980f6: 1 article'); // markdown escaped
  });

  /** Subscribes the channel at 08:00 UTC, runs the digest at 08:30 through adapter.post; returns its messages and brief. */
  async function runDigest() {
    await run('subscribe', [str('time', '08:00')], MANAGE_CHANNELS);
    clock = new Date('2026-06-01T08:30:00Z');
    const adapter = h.adapter;
    const results = await bot.digestRunner(() => adapter, 'test').runDue(clock);
    expect(results).toMatchObject([{ status: 'delivered' }]);
    const messages = h.rest.messages.get(CHANNEL_ID) ?? [];
    const brief = messages[0] && (await app.storage.posts.find(here.platform, here.channelId, messages[0].id));
    expect(brief).toBeDefined();
    return { messages, brief: brief! };
  }

  /** The seeds' one-story digest; returns its (only) message. */
  async function deliverDigest() {
    const { messages, brief } = await runDigest();
    const headline = brief.stories[0]?.headline;
    expect(headline).toContain('Pashinyan meets Putin');
    return { digest: messages[0]!, headline: headline! };
  }
  const posts = (channelId: string) => h.rest.find('POST', new RegExp(`^/channels/${channelId}/messages$`));

  it('a mention in the thread started from a digest is answered from that digest', async () => {
    const { digest, headline } = await deliverDigest();
    // Someone opens a thread on the digest: Discord gives the thread the starter message's id.
    h.gateway.dispatch('THREAD_CREATE', {
      id: digest.id, type: 11, guild_id: GUILD_ID, parent_id: CHANNEL_ID, name: 'Digest', owner_id: '900000000000000020',
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    });
    h.message(`${MENTION} tell me more about story 1`, { channel_id: digest.id });
    const answer = await h.rest.waitFor(() => posts(digest.id)[0]);
    expect(body(answer).embeds?.[0]?.description).toContain(`Story 1: ${headline}`);
    expect(body(answer).embeds?.[0]?.description).toContain('OC Media');
  });

  it('a reply to a digest is answered from it, and so is a follow-up in the thread opened for the answer', async () => {
    const { digest, headline } = await deliverDigest();
    // A reply without a ping: only the reference to the bot's digest message.
    const q = h.message('tell me more about story 1', { mentions: [], message_reference: { message_id: digest.id, channel_id: CHANNEL_ID }, referenced_message: digest, type: 19 });
    const answer = await h.rest.waitFor(() => posts(String(q.id))[0]);
    expect(body(answer).embeds?.[0]?.description).toContain(`Story 1: ${headline}`);
    h.message(`${MENTION} tell me more about story 2`, { channel_id: q.id });
    const second = await h.rest.waitFor(() => posts(String(q.id))[1]);
    expect(JSON.stringify(body(second))).toContain('That digest has 1 story; there is no story 2.');
  });

  it('a question under the second message of a split digest (in a thread from it, or a reply to it) is answered from that digest', async () => {
    await app.storage.documents.add(generateCorpus({ documents: 60, seed: 1 }).documents);
    const { messages, brief } = await runDigest();
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(await app.storage.posts.find(here.platform, here.channelId, m.id)).toEqual(brief);
    const second = messages[1]!;
    // a story that starts in the second message, as its reader would ask about it
    const titles = (second.embeds as { title?: string }[]).map((e) => e.title);
    const n = brief.stories.findIndex((s) => titles.includes(escapeDiscord(s.headline))) + 1;
    expect(n).toBeGreaterThan(1);
    const expected = `Story ${n}: ${escapeDiscord(brief.stories[n - 1]!.headline)}`;

    h.gateway.dispatch('THREAD_CREATE', {
      id: second.id, type: 11, guild_id: GUILD_ID, parent_id: CHANNEL_ID, name: 'Digest, part 2', owner_id: '900000000000000020',
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    });
    h.message(`${MENTION} tell me more about story ${n}`, { channel_id: second.id });
    const inThread = await h.rest.waitFor(() => posts(second.id)[0]);
    expect(body(inThread).embeds?.[0]?.description).toContain(expected);

    const q = h.message(`tell me more about story ${n}`, { mentions: [], message_reference: { message_id: second.id, channel_id: CHANNEL_ID }, referenced_message: second, type: 19 });
    const reply = await h.rest.waitFor(() => posts(String(q.id))[0]);
    expect(body(reply).embeds?.[0]?.description).toContain(expected);
  });

  it('the same question outside any digest is an ordinary question', async () => {
    await deliverDigest();
    const q = h.message(`${MENTION} tell me more about story 1`);
    const answer = await h.rest.waitFor(() => posts(String(q.id))[0]);
    expect(JSON.stringify(body(answer))).not.toContain('Story 1:');
  });
});

describe('discord digest commands: parsing and help', () => {
  it('turns named options into structured arguments, so a topic is never read as a time, timezone or flag', () => {
    const defaults = { DIGEST_TIME: '08:00', DIGEST_TZ: 'UTC' };
    expect(parseSubscribeArgs({ weekdays: false }, defaults)).toEqual({ timeOfDay: '08:00', timezone: 'UTC', weekdaysOnly: false, topic: '' });
    expect(parseSubscribeArgs({ time: '7pm', timezone: 'Japan', weekdays: true, topic: '2024 elections' }, defaults))
      .toEqual({ timeOfDay: '19:00', timezone: 'Asia/Tokyo', weekdaysOnly: true, topic: '2024 elections' });
    expect(parseSubscribeArgs({ weekdays: false, topic: 'weekdays at the factory' }, defaults))
      .toEqual({ timeOfDay: '08:00', timezone: 'UTC', weekdaysOnly: false, topic: 'weekdays at the factory' });
    expect(() => parseSubscribeArgs({ timezone: 'Mars/Olympus', weekdays: false }, defaults)).toThrow(/not a timezone/);
  });

  it('help describes the digest commands and fits one message', () => {
    for (const s of ['/digest subscribe', '/digest unsubscribe', '/digest list', '/digest sources', 'Manage Channels', 'story 2']) expect(HELP_TEXT).toContain(s);
    expect(HELP_TEXT.length).toBeLessThanOrEqual(2000);
  });
});

describe('discord /brief sources add | remove', () => {
  it('defers, refuses a member without Manage Channels, follows a feed for one who has it, and removes it', async () => {
    const feeds = await startFeedServer();
    const app = await discordTestApp({ env: { FETCH_ALLOW_HOSTS: '127.0.0.1' } });
    const h = await startDiscordHarness(app);
    try {
      feeds.set('/feed.xml', { body: rss('Coast News', [{ guid: 'h1', title: 'Harbour reopens', content: articleHtml(Array(8).fill('The harbour of Port Ellen reopened on Tuesday after two months of repairs.')) }]) });
      const url = `${feeds.url}/feed.xml`;
      const edited = async (options: Option[], extra: Record<string, unknown>) => {
        const before = h.rest.find('PATCH', /messages\/(@|%40)original$/).length;
        const sent = h.command('sources', options, extra);
        const cb = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(sent.id)}/`))[0]);
        expect(body(cb)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
        return body(await h.rest.waitFor(() => h.rest.find('PATCH', /messages\/(@|%40)original$/)[before])) as { content?: string };
      };
      expect((await edited([str('add', url)], { member: memberWith(PermissionFlagsBits.SendMessages) })).content).toBe(notAllowed(WHO_CAN_MANAGE));
      expect(await app.bot.sources.list()).toEqual([]);
      const added = await edited([str('add', url), str('name', 'The Coast')], MANAGE_CHANNELS);
      expect(added.content).toContain('Now following');
      expect(added.content).toContain('The Coast: RSS feed, 1 item, 1 new');
      expect(await app.bot.sources.list()).toMatchObject([{ url, name: 'The Coast', origin: 'chat' }]);
      expect((await edited([str('remove', url)], MANAGE_CHANNELS)).content).toContain('Stopped following');
      expect(await app.bot.sources.list()).toEqual([]);
    } finally {
      await h.close();
      await app.bot.close();
      await feeds.close();
    }
  });
});

describe('discord digests paused by what the gateway says', () => {
  it('a deleted channel pauses its digest; the bot removed from the server pauses every digest there', async () => {
    const app = await discordTestApp();
    const h = await startDiscordHarness(app);
    try {
      const manager = { id: 'U1', canManage: true, whoCan: '' };
      await app.bot.digests.subscribe({ platform: 'discord', channelId: CHANNEL_ID }, '08:00 UTC', manager);
      await app.bot.digests.subscribe({ platform: 'discord', channelId: '900000000000000099' }, '08:00 UTC', manager);
      h.gateway.dispatch('CHANNEL_DELETE', { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' });
      await until(async () => (await app.bot.digests.all())[0]?.pausedReason === 'the channel was deleted');
      expect((await app.bot.digests.all())[1]?.pausedReason).toBeUndefined();
      h.rest.addChannel({ id: '900000000000000012', type: 0, name: 'news', guild_id: GUILD_ID });
      await app.bot.digests.subscribe({ platform: 'discord', channelId: '900000000000000012' }, '08:00 UTC', manager);
      h.gateway.dispatch('CHANNEL_CREATE', { id: '900000000000000012', type: 0, guild_id: GUILD_ID, name: 'news' });
      h.gateway.dispatch('GUILD_DELETE', { id: GUILD_ID });
      await until(async () => (await app.bot.digests.all())[2]?.pausedReason === 'I was removed from the server');
      expect((await app.bot.digests.all())[1]?.pausedReason).toBeUndefined(); // a channel of another server
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});
