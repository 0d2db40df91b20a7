// /brief end to end: real discord.js and the real core against the fake Discord REST API and gateway.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../../src/app.js';
import { ALICE, APP_ID, CHANNEL_ID, discordTestApp, interactionPayload, startDiscordHarness, type DiscordHarness } from '../../doubles/discord-harness.js';
import type { TestApp } from '../../helpers/bot.js';
import { until } from '../../helpers/wait.js';
import { messageObject, type RecordedRequest } from '../../doubles/discord-rest.js';

interface Body {
  type?: number;
  content?: string;
  data?: { flags?: number; content?: string };
  embeds?: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }[];
  components?: { components: { custom_id: string }[] }[];
  allowed_mentions?: { parse: string[]; replied_user?: boolean };
  flags?: number;
}
const body = (r: RecordedRequest) => r.body as Body;
const EPHEMERAL = 64;

describe('discord /brief', () => {
  let app: TestApp;
  let bot: BriefBot;
  let h: DiscordHarness;
  beforeEach(async () => {
    app = await discordTestApp();
    bot = app.bot;
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h.close();
    await bot.close();
  });

  it('defers (ephemeral) at once, then edits the reply with one embed per story', async () => {
    const sent = h.command('now');
    const edit = await h.rest.waitFor(() => h.rest.find('PATCH', /^\/webhooks\/\d+\/tok-\d+\/messages\/@original$/)[0]);
    const callbacks = h.rest.find('POST', new RegExp(`^/interactions/${String(sent.id)}/`));
    expect(callbacks).toHaveLength(1);
    expect(body(callbacks[0]!)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(h.rest.requests.indexOf(callbacks[0]!)).toBeLessThan(h.rest.requests.indexOf(edit));
    expect(edit.path).toContain(String(sent.token));

    const b = body(edit);
    expect(b.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(b.content).toMatch(/1 story from 2 articles/);
    const [embed] = b.embeds ?? [];
    expect(embed?.title).toBe('POWs, the economy, and vaccines discussed as Pashinyan meets Putin');
    expect(embed?.description).toContain('OC Media');
    expect(embed?.description).toContain('002\\_ea08fb494fe980f6'); // underscores escaped
    expect(embed?.description).toMatch(/— \*only in\* 002\\_ea08fb494fe980f6/);
    expect(embed?.footer?.text).toMatch(/^Extractive summary/);
    expect(embed?.fields?.[0]?.value).toContain('OC Media');
    // Boilerplate from seed 000 must never reach a brief.
    expect(JSON.stringify(b.embeds)).not.toMatch(/Become an OC Media Member/);
    const ids = b.components?.[0]?.components.map((c) => c.custom_id);
    expect(ids).toEqual(['fb:up:key1', 'fb:down:key1']);
  });

  it('posts publicly when public:true and filters by topic', async () => {
    h.command('now', [
      { name: 'topic', type: 3, value: 'vaccines' },
      { name: 'public', type: 5, value: true },
    ]);
    const edit = await h.rest.waitFor(() => h.rest.find('PATCH', /messages\/@original$/)[0]);
    const callback = h.rest.find('POST', /^\/interactions\//)[0]!;
    expect(body(callback).data?.flags ?? 0).toBe(0);
    expect(body(edit).content).toMatch(/on “vaccines”/);
  });

  it('answers /brief help at once, ephemerally, without deferring', async () => {
    h.command('help');
    const cb = await h.rest.waitFor(() => h.rest.find('POST', /^\/interactions\//)[0]);
    expect(body(cb)).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(body(cb).data?.content).toMatch(/`\/brief topic:vaccines`/);
  });

  it('stores a 👍 on the brief through the core', async () => {
    h.command('now');
    await h.rest.waitFor(() => h.rest.find('PATCH', /messages\/@original$/)[0]);
    h.button('fb:up:key1');
    const ack = await h.rest.waitFor(() => h.rest.find('POST', /^\/interactions\//).find((r) => body(r).type === 4));
    expect(body(ack).data?.flags).toBe(EPHEMERAL);
    const [fb] = await app.storage.feedback.all();
    expect(fb).toMatchObject({ platform: 'discord', userId: '900000000000000020', vote: 'up', kind: 'brief' });
    expect(fb?.answerText).toMatch(/Pashinyan meets Putin/);
    expect(fb?.citations.length).toBeGreaterThan(0);
  });

  it('tells the user a command or button of a shape it does not know is out of date, drops one it cannot read, and keeps serving', async () => {
    // Wrong option type (topic as a number) and an unknown sub-command (a stale registration), a button whose
    // custom_id is not ours: each is told, ephemerally (silence showed "The application did not respond").
    const stale = [h.command('now', [{ name: 'topic', type: 3, value: 42 }]), h.command('explode'), h.button('fb:sideways:???')];
    // An interaction missing the fields discord.js reads has no token to answer with: dropped, the client lives on.
    h.gateway.dispatch('INTERACTION_CREATE', { id: '1', type: 2, application_id: '900000000000000002' });
    const help = h.command('help');
    await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(help.id)}/`))[0]);
    for (const s of stale) {
      const reply = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(s.id)}/`))[0]);
      expect(body(reply).data?.content).toMatch(/out of date/);
      expect(body(reply).data?.flags).toBe(EPHEMERAL);
    }
    await h.rest.waitFor(() => h.logs.filter((l) => /malformed/.test(l.msg)).length >= 4);
    expect(h.adapter.client.isReady()).toBe(true);
  });

  it('answers "Ask briefbot" on a message with that message as the question, to the asker only', async () => {
    const target = messageObject(CHANNEL_ID, ALICE, { content: 'How many doses of Sputnik V did Armenia receive first?' });
    const payload = interactionPayload(2, { id: '900000000000000052', name: 'Ask briefbot', type: 3, target_id: target.id, resolved: { messages: { [target.id]: target } } });
    h.gateway.dispatch('INTERACTION_CREATE', payload);
    const deferred = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(payload.id)}/`))[0]);
    expect(body(deferred)).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await h.rest.waitFor(() => h.rest.find('PATCH', new RegExp(`/${String(payload.token)}/messages/@original$`))[0]);
    expect(body(edit).embeds?.[0]?.description).toContain('15,000');
    expect(body(edit).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('suggests recent headlines as the topic is typed (autocomplete)', async () => {
    const payload = interactionPayload(4, { id: '900000000000000050', name: 'brief', type: 1, options: [{ name: 'topic', type: 3, value: 'PUTIN', focused: true }] });
    h.gateway.dispatch('INTERACTION_CREATE', payload);
    const cb = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(payload.id)}/`))[0]);
    const { type, data } = cb.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(type).toBe(8);
    expect(data.choices).toContainEqual({ name: 'POWs, the economy, and vaccines discussed as Pashinyan meets Putin', value: 'POWs, the economy, and vaccines discussed as Pashinyan meets Putin' });
    for (const c of data.choices) expect(c.name.toLowerCase()).toContain('putin');
  });

  it('reports an internal error as a short apology and keeps running', async () => {
    bot.brief = () => Promise.reject(new Error('disk on fire'));
    h.command('now');
    const edit = await h.rest.waitFor(() => h.rest.find('PATCH', /messages\/@original$/)[0]);
    expect(body(edit).content).toMatch(/^Sorry, something went wrong/);
    expect(body(edit).content).not.toMatch(/disk on fire/);
    expect(h.logs.some((l) => l.msg === 'request failed' && l.level === 50)).toBe(true);
  });
});

describe('discord /brief left unfinished by a process that was killed', () => {
  const gone = () => `${hostname()}:${spawnSync(process.execPath, ['-e', '0']).pid}:deadbeef`;
  const leave = async (app: TestApp, token: string, progress: number) => {
    const asked = { kind: 'brief', applicationId: APP_ID, token, ephemeral: true };
    const id = (await app.storage.inbox.accept('discord', [`interaction:${token}`], JSON.stringify(asked), gone(), new Date(), 60_000))!;
    await app.storage.inbox.progress(id, progress);
  };

  it('is finished by the next process through the interaction webhook if it was deferred; not if it never was', async () => {
    const app = await discordTestApp();
    await leave(app, 'tok-deferred', 1); // deferred ("briefbot is thinking…"), then killed
    await leave(app, 'tok-never', 0); // killed before the defer: Discord already told the user it failed
    const h = await startDiscordHarness(app);
    try {
      const edit = await h.rest.waitFor(() => h.rest.find('PATCH', /^\/webhooks\/\d+\/tok-deferred\/messages\/@original$/)[0]);
      expect(body(edit).embeds?.[0]?.title).toMatch(/Pashinyan meets Putin/);
      expect(body(edit).allowed_mentions).toEqual({ parse: [] });
      expect(body(edit).components?.[0]?.components.map((c) => c.custom_id)).toEqual(['fb:up:key1', 'fb:down:key1']);
      await until(async () => (await app.storage.inbox.unfinished('discord', 'anyone', new Date(0), 10)).length === 0);
      expect(h.rest.requests.filter((r) => r.path.includes('tok-never'))).toEqual([]);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});

describe('discord /brief: cooldowns', () => {
  it('a person past USER_REQUESTS_PER_MINUTE is told ephemerally when to try again', async () => {
    const app = await discordTestApp({ env: { USER_REQUESTS_PER_MINUTE: '1' } });
    const h = await startDiscordHarness(app);
    try {
      h.command('now');
      await h.rest.waitFor(() => h.rest.find('PATCH', /messages\/@original$/)[0]);
      const second = h.command('now');
      const reply = await h.rest.waitFor(() => h.rest.find('POST', new RegExp(`^/interactions/${String(second.id)}/`))[0]);
      expect(body(reply).data?.content).toMatch(/^You are asking faster than I can keep up: try again in \d+ s\.$/);
      expect(body(reply).data?.flags).toBe(EPHEMERAL);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});

describe('discord: command definitions kept up to date', () => {
  it('are published at start when Discord holds none (no manual discord:register after an upgrade)', async () => {
    const app = await discordTestApp({ env: { DISCORD_APPLICATION_ID: APP_ID } });
    const h = await startDiscordHarness(app);
    try {
      const put = await h.rest.waitFor(() => h.rest.find('PUT', /^\/applications\/\d+\/commands$/)[0]);
      expect((put.body as { name: string }[]).map((c) => c.name)).toEqual(['brief', 'digest', 'Ask briefbot']);
      expect(h.rest.find('GET', /^\/applications\/\d+\/commands$/)).toHaveLength(1);
    } finally {
      await h.close();
      await app.bot.close();
    }
  });
});
