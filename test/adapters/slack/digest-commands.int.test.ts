// Digest sub-commands and digest threads, end to end: real Bolt and the real core against the fake Web API.
import { afterEach, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../bench/corpus.js';
import { parseBriefCommand } from '../../../adapters/slack/brief-command.js';
import { notAllowed } from '../../../src/digest/service.js';
import { SUBSCRIBE_USAGE } from '../../../src/digest/subscribe-args.js';
import { WHO_CAN_MANAGE } from '../../../adapters/slack/permissions.js';
import type { FakeMessage } from '../../doubles/slack-api.js';
import { articleHtml, rss, startFeedServer } from '../../sources/feed-server.js';
import { blockText, BOT_USER, CHANNEL, type Harness, seededBot, startHarness, USER } from './harness.js';
import { until } from '../../helpers/wait.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const here = { platform: 'slack', channelId: CHANNEL } as const;

/** Sends `/brief <text>` and resolves with the text of its (single) response_url reply. */
async function reply(hh: Harness, text: string, name: string, user = USER): Promise<{ text: string; ack: string; response_type: unknown }> {
  const res = await hh.command(text, name, user);
  expect(res.status).toBe(200);
  const ack = await res.text();
  const r = await hh.api.waitFor(() => hh.api.responses.find((x) => x.method === `/response/${name}`));
  return { text: String(r.body.text), ack, response_type: r.body.response_type };
}

describe('/brief subscribe, unsubscribe: workspace admins and owners, or BRIEFBOT_ADMINS', () => {
  it('a workspace admin subscribes the channel: stored, confirmed ephemerally, role read with users.info', async () => {
    h = await startHarness();
    h.api.setUser(USER, { is_admin: true });
    const r = await reply(h, 'subscribe 08:30 Europe/London weekdays vaccines', 's1');
    expect(r.ack).toBe(''); // acked empty at once; the answer follows through response_url
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('08:30 Europe/London on weekdays, about “vaccines”');
    expect(await h.bot.digests.list(here)).toMatchObject([
      { platform: 'slack', channelId: CHANNEL, timeOfDay: '08:30', timezone: 'Europe/London', weekdaysOnly: true, topic: 'vaccines', createdBy: USER },
    ]);
    expect(h.api.callsTo('users.info').map((c) => c.body.user)).toEqual([USER]);
  });

  it('an owner may too; a member without either role gets the who-can message and nothing is stored', async () => {
    h = await startHarness();
    h.api.setUser('U0OWNER', { is_owner: true });
    h.api.setUser(USER, {});
    const refused = await reply(h, 'subscribe 07:00', 'n1');
    expect(refused).toMatchObject({ text: notAllowed(WHO_CAN_MANAGE), response_type: 'ephemeral' });
    expect(await h.bot.digests.list(here)).toEqual([]);
    expect((await reply(h, 'subscribe 07:00', 'o1', 'U0OWNER')).text).toContain('07:00 UTC every day');
    expect(await h.bot.digests.list(here)).toHaveLength(1);
    // Nor may the member remove it.
    expect((await reply(h, 'unsubscribe', 'n2')).text).toBe(notAllowed(WHO_CAN_MANAGE));
    expect(await h.bot.digests.list(here)).toHaveLength(1);
  });

  it('a user listed in BRIEFBOT_ADMINS may subscribe and unsubscribe without any users.info lookup', async () => {
    h = await startHarness({ app: await seededBot(['seeds'], { env: { BRIEFBOT_ADMINS: 'U0OTHER, U0CONFIG' } }) });
    expect((await reply(h, 'subscribe armenia', 'a1', 'U0CONFIG')).text).toContain('08:00 UTC every day, about “armenia”');
    expect((await reply(h, 'subscribe 18:00 UTC vaccines', 'a2', 'U0CONFIG')).text).toContain('18:00 UTC every day');
    expect((await h.bot.digests.list(here)).map((s) => s.topic)).toEqual(['armenia', 'vaccines']);
    expect((await reply(h, 'unsubscribe armenia', 'a3', 'U0CONFIG')).text).toBe('Stopped 1 digest about “armenia” in this channel.');
    expect((await h.bot.digests.list(here)).map((s) => s.topic)).toEqual(['vaccines']);
    expect((await reply(h, 'unsubscribe', 'a4', 'U0CONFIG')).text).toBe('Stopped 1 digest in this channel.');
    expect((await reply(h, 'unsubscribe', 'a5', 'U0CONFIG')).text).toBe('No digest in this channel; nothing changed.');
    expect(h.api.callsTo('users.info')).toHaveLength(0);
  });

  it('a bad timezone or time gets the accepted forms, and nothing is stored', async () => {
    h = await startHarness();
    h.api.setUser(USER, { is_admin: true });
    const tz = await reply(h, 'subscribe 08:00 Mars/Olympus_Mons', 't1');
    expect(tz.text).toContain('“Mars/Olympus_Mons” is not a timezone I know');
    expect(tz.text).toContain('Europe/London');
    const time = await reply(h, 'subscribe 25:00 UTC', 't2');
    expect(time.text).toContain(SUBSCRIBE_USAGE);
    expect(await h.bot.digests.list(here)).toEqual([]);
  });

  it('explains a missing users:read scope instead of claiming the admin is not one', async () => {
    h = await startHarness();
    h.api.failNext('users.info', 'missing_scope');
    const r = await reply(h, 'subscribe', 'm1');
    expect(r.text).toContain('users:read');
    expect(await h.bot.digests.list(here)).toEqual([]);
  });
});

describe('/brief subscriptions and /brief sources: open to everyone', () => {
  it('lists the channel’s subscriptions (or says there are none)', async () => {
    h = await startHarness();
    expect((await reply(h, 'subscriptions', 'l0')).text).toContain('no scheduled digests');
    await h.bot.digests.subscribe(here, '08:30 Asia/Yerevan armenia', { id: 'U0ADMIN', canManage: true, whoCan: 'test' });
    await h.bot.digests.subscribe(here, '18:00 UTC weekdays', { id: 'U0ADMIN', canManage: true, whoCan: 'test' });
    const r = await reply(h, 'subscriptions', 'l1');
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('(2)');
    expect(r.text).toContain('• 08:30 Asia/Yerevan every day, about “armenia”');
    expect(r.text).toContain('• 18:00 UTC on weekdays');
    expect(h.api.callsTo('users.info')).toHaveLength(0);
  });

  it('lists the outlets feeding the channel with their article counts', async () => {
    h = await startHarness();
    const { sources } = await h.bot.digests.sources(here);
    expect(sources.length).toBeGreaterThan(1);
    const r = await reply(h, 'sources', 'src');
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('Outlets feeding this channel');
    expect(r.text).toContain('• OC Media: 1 article');
    for (const s of sources) expect(r.text).toContain(`• ${s.source}: ${s.documents} article`);
  });

  it('help lists the digest commands', async () => {
    h = await startHarness();
    const ack = (await (await h.command('help')).json()) as { text: string };
    for (const usage of ['/brief subscribe [HH:MM] [timezone] [weekdays] [topic]', '/brief unsubscribe [topic]', '/brief subscriptions', '/brief sources']) {
      expect(ack.text).toContain(usage);
    }
    expect(ack.text).toContain('BRIEFBOT_ADMINS');
  });

  it('parses the digest sub-commands from the table', () => {
    expect(parseBriefCommand('Subscribe 08:00 UTC Vaccines')).toEqual({ visibility: 'ephemeral', sub: 'subscribe', args: '08:00 UTC Vaccines' });
    expect(parseBriefCommand('subscriptions')).toEqual({ visibility: 'ephemeral', sub: 'subscriptions', args: '' });
    expect(parseBriefCommand('sources')).toMatchObject({ sub: 'sources' });
    expect(parseBriefCommand('unsubscribe vaccines')).toMatchObject({ sub: 'unsubscribe', args: 'vaccines' });
  });
});

describe('digest threads', () => {
  it('a digest posted through the adapter, then “tell me more about story 1” in its thread, is answered from it', async () => {
    let clock = new Date('2026-06-01T07:00:00Z');
    h = await startHarness({ app: await seededBot(['seeds'], { now: () => clock }) });
    h.api.setUser(USER, { is_admin: true });
    await reply(h, 'subscribe 08:00 UTC', 'sub');
    const adapter = h.adapter;
    clock = new Date('2026-06-01T08:30:00Z');
    const results = await h.bot.digestRunner(() => adapter, 'test').runDue(clock);
    expect(results).toMatchObject([{ status: 'delivered', localDate: '2026-06-01' }]);
    const digest = h.api.messages.find((m) => m.channel === CHANNEL && m.bot_id && !m.thread_ts);
    expect(digest).toBeDefined();
    const headline = (await h.app.storage.posts.find(here.platform, here.channelId, digest!.ts))?.stories[0]?.headline;
    expect(headline).toContain('Pashinyan meets Putin');

    const { ts } = await h.mention('tell me more about story 1', { thread_ts: digest!.ts });
    const answer = await h.api.waitFor(() => h!.api.callsTo('chat.postMessage').find((c) => c.body.thread_ts === digest!.ts));
    const text = blockText(answer.body.blocks);
    expect(text).toContain(`Story 1: ${headline}`);
    expect(text).toMatch(/\n• \S/); // one key point per line
    expect(text).toContain('OC Media');
    expect(Number(ts)).toBeGreaterThan(Number(digest!.ts));

    // The same words outside the digest's thread are an ordinary question, not a story lookup.
    const top = await h.mention('tell me more about story 1');
    const plain = await h.api.waitFor(() => h!.api.callsTo('chat.postMessage').find((c) => c.body.thread_ts === top.ts));
    expect(blockText(plain.body.blocks)).not.toContain('Story 1:');
  });

  it('a digest split over several messages: a question in the thread holding its second message is answered from it', async () => {
    let clock = new Date('2026-06-01T07:00:00Z');
    h = await startHarness({ app: await seededBot(['seeds'], { now: () => clock, env: { BRIEF_MAX_STORIES: '10' } }) });
    await h.app.storage.documents.add(generateCorpus({ documents: 100, seed: 1 }).documents);
    h.api.setUser(USER, { is_admin: true });
    await reply(h, 'subscribe 08:00 UTC', 'sub');
    const adapter = h.adapter;
    clock = new Date('2026-06-01T08:30:00Z');
    expect(await h.bot.digestRunner(() => adapter, 'test').runDue(clock)).toMatchObject([{ status: 'delivered' }]);
    const parts = h.api.messages.filter((m) => m.channel === CHANNEL && m.bot_id);
    expect(parts.length).toBeGreaterThan(1);
    const [first, second] = parts as [FakeMessage, FakeMessage];
    // Slack threads are one level deep: the later parts are replies in the first part's thread, so a question
    // under the second part is asked in that thread. Every part is recorded all the same.
    expect(second.thread_ts).toBe(first.ts);
    const brief = await h.app.storage.posts.find(here.platform, here.channelId, first.ts);
    for (const p of parts) expect(await h.app.storage.posts.find(here.platform, here.channelId, p.ts)).toEqual(brief);
    const n = Number(/^(\d+)\. \*/m.exec(blockText(second.blocks))?.[1]); // the first story shown in the second part
    expect(n).toBeGreaterThan(1);

    const before = h.api.callsTo('chat.postMessage').length;
    await h.mention(`tell me more about story ${n}`, { thread_ts: first.ts });
    const answer = await h.api.waitFor(() => h!.api.callsTo('chat.postMessage')[before]);
    expect(answer.body.thread_ts).toBe(first.ts);
    expect(blockText(answer.body.blocks)).toContain(`Story ${n}: ${brief!.stories[n - 1]!.headline}`);
  });
});

describe('/brief sources add | remove: the feeds the bot follows', () => {
  it('a member may list but not add or remove; an admin adds a feed (fetched once, reported) and removes it', async () => {
    const feeds = await startFeedServer();
    try {
      feeds.set('/feed.xml', { body: rss('Coast News <!channel>', [{ guid: 'h1', title: 'Harbour reopens', content: articleHtml(Array(8).fill('The harbour of Port Ellen reopened on Tuesday after two months of repairs.')) }]) });
      h = await startHarness({ app: await seededBot(['seeds'], { env: { FETCH_ALLOW_HOSTS: '127.0.0.1' } }) });
      h.api.setUser(USER, {});
      h.api.setUser('U0ADMIN', { is_admin: true });
      expect((await reply(h, `sources add ${feeds.url}/feed.xml`, 'f1')).text).toBe(notAllowed(WHO_CAN_MANAGE));
      expect(feeds.requests).toEqual([]);
      const added = await reply(h, `sources add ${feeds.url}/feed.xml`, 'f2', 'U0ADMIN');
      expect(added.response_type).toBe('ephemeral');
      expect(added.text).toContain(`Now following ${feeds.url}/feed.xml.`);
      expect(added.text).toContain('RSS feed, 1 item, 1 new');
      expect(added.text).not.toContain('<!channel>'); // the feed's own title is escaped, never a ping
      const listed = await reply(h, 'sources', 'f3');
      expect(listed.text).toContain('Feeds I follow (1)');
      expect(listed.text).toContain('Outlets feeding this channel');
      expect((await reply(h, `sources remove ${feeds.url}/feed.xml`, 'f4')).text).toBe(notAllowed(WHO_CAN_MANAGE));
      expect((await reply(h, `sources remove ${feeds.url}/feed.xml`, 'f5', 'U0ADMIN')).text).toContain('Stopped following');
      expect((await reply(h, 'sources', 'f6')).text).toContain('I follow no feeds yet');
    } finally {
      await feeds.close();
    }
  });

  it('a URL that is not a feed is answered with the clear error, not an apology', async () => {
    h = await startHarness();
    h.api.setUser(USER, { is_admin: true });
    const r = await reply(h, 'sources add http://169.254.169.254/latest/', 'f7');
    expect(r.text).toMatch(/private address/);
  });
});

describe('digests paused by what Slack says about the channel or the app', () => {
  it('channel_archive, channel_deleted and the bot leaving a channel pause that channel; app_uninstalled pauses all', async () => {
    h = await startHarness();
    const manager = { id: 'U1', canManage: true, whoCan: '' };
    for (const c of ['C0ARCH', 'C0DEL', 'C0LEFT', 'C0STAY', 'C0OTHER']) await h.bot.digests.subscribe({ platform: 'slack', channelId: c }, '08:00 UTC', manager);
    const paused = async () => (await h!.bot.digests.all()).filter((s) => s.pausedReason !== undefined).map((s) => [s.channelId, s.pausedReason]);
    await h.event({ type: 'channel_archive', channel: 'C0ARCH', user: 'U1' });
    await h.event({ type: 'channel_deleted', channel: 'C0DEL' });
    await h.event({ type: 'member_left_channel', user: 'U0SOMEONE', channel: 'C0STAY', channel_type: 'C', team: 'T0001' });
    await h.event({ type: 'member_left_channel', user: BOT_USER, channel: 'C0LEFT', channel_type: 'C', team: 'T0001' });
    await until(async () => (await paused()).length === 3 && true);
    expect(await paused()).toEqual([
      ['C0ARCH', 'the channel was archived'],
      ['C0DEL', 'the channel was deleted'],
      ['C0LEFT', 'I was removed from the channel'],
    ]);
    await h.event({ type: 'app_uninstalled' });
    await until(async () => (await paused()).length === 5 && true);
    expect((await paused()).slice(3)).toEqual([['C0STAY', 'the app was uninstalled'], ['C0OTHER', 'the app was uninstalled']]);
  });
});

describe('the App Home tab', () => {
  it('shows how to use briefbot and the workspace digests, a paused one with why, when someone opens it', async () => {
    h = await startHarness();
    const manager = { id: 'U1', canManage: true, whoCan: '' };
    await h.bot.digests.subscribe({ platform: 'slack', channelId: 'C0NEWS' }, '08:30 Europe/London', manager);
    await h.bot.digests.subscribe({ platform: 'slack', channelId: 'C0GONE' }, '09:00 UTC', manager);
    await h.bot.digests.pauseChannels('slack', 'the channel was archived', { channelIds: ['C0GONE'] });
    await h.event({ type: 'app_home_opened', user: USER, channel: 'D0001', tab: 'home' });
    const publish = await h.api.waitFor(() => h?.api.callsTo('views.publish')[0]);
    expect(publish.body.user_id).toBe(USER);
    const view = publish.body.view as { type: string; blocks: unknown };
    expect(view.type).toBe('home');
    const text = blockText(view.blocks);
    expect(text).toContain('`/brief <topic>`');
    expect(text).toContain('Scheduled digests in this workspace (2)');
    expect(text).toContain('<#C0NEWS>: 08:30 Europe/London every day');
    expect(text).toMatch(/<#C0GONE>: 09:00 UTC every day \(paused: I could not post here, the channel was archived; subscribe again to resume\)/);
  });
});
