// `npm run discord:register` against the fake REST API: the function, and the script as a child process.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits, REST } from 'discord.js';
import { briefCommand, commandDefinitions, INVITE_PERMISSIONS, inviteUrl, publishCommands } from '../../../adapters/discord/index.js';
import { digestCommand } from '../../../adapters/discord/command-definitions.js';
import { syncCommands } from '../../../adapters/discord/register.js';
import { loadConfig } from '../../../src/config.js';
import { BOT } from '../../doubles/discord-harness.js';
import { startFakeDiscordRest, type FakeDiscordRest } from '../../doubles/discord-rest.js';

const run = promisify(execFile);
const APP = '900000000000000002';
const GUILD = '900000000000000010';

describe('discord command registration', () => {
  let rest: FakeDiscordRest;
  beforeEach(async () => {
    rest = await startFakeDiscordRest(BOT);
  });
  afterEach(() => rest.close());

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({ DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: `${rest.api}/`, ...extra } as NodeJS.ProcessEnv);

  it('PUTs the command list to one server when DISCORD_GUILD_ID is set', async () => {
    const result = await publishCommands(config({ DISCORD_GUILD_ID: GUILD }), { retries: 0 });
    expect(result).toEqual({ scope: 'guild', route: `/applications/${APP}/guilds/${GUILD}/commands`, names: ['brief', 'digest', 'Ask briefbot'] });
    const [put] = rest.find('PUT', /commands$/);
    expect(put?.path).toBe(`/applications/${APP}/guilds/${GUILD}/commands`);
    expect(put?.headers.authorization).toBe('Bot fake.bot.token');
    expect(put?.body).toEqual(JSON.parse(JSON.stringify(commandDefinitions)));
  });

  it('at start-up publishes the definitions only when Discord holds others (none yet, or a stale set after an upgrade)', async () => {
    const c = config({ DISCORD_GUILD_ID: GUILD });
    const api = new REST({ api: rest.api, retries: 0 }).setToken('fake.bot.token');
    expect(await syncCommands(c, api)).toBe(true); // none registered
    expect(await syncCommands(c, api)).toBe(false); // the same: nothing sent
    expect(rest.find('PUT', /commands$/)).toHaveLength(1);
    // an older version's /brief, without the option this one has
    await api.put(`/applications/${APP}/guilds/${GUILD}/commands`, { body: [{ ...briefCommand, options: briefCommand.options.slice(1) }, ...commandDefinitions.slice(1)] });
    expect(await syncCommands(c, api)).toBe(true);
    expect(rest.find('PUT', /commands$/).at(-1)?.body).toEqual(JSON.parse(JSON.stringify(commandDefinitions)));
  });

  it('PUTs globally otherwise', async () => {
    const result = await publishCommands(config(), { retries: 0 });
    expect(result.scope).toBe('global');
    expect(rest.find('PUT', /commands$/)[0]?.path).toBe(`/applications/${APP}/commands`);
  });

  it('runs as a script (npm run discord:register) and prints the invite URL', async () => {
    const env = { PATH: process.env.PATH, DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: rest.api };
    const { stdout } = await run('node_modules/.bin/tsx', ['adapters/discord/register.ts'], { env, timeout: 15_000 });
    expect(stdout).toContain(`Registered /brief, /digest, “Ask briefbot” for server ${GUILD}`);
    expect(stdout).toContain(inviteUrl(APP));
    expect(rest.find('PUT', /commands$/)).toHaveLength(1);
  });

  it('exits non-zero with a clear message when the token is missing', async () => {
    const env = { PATH: process.env.PATH, DISCORD_API_URL: rest.api };
    const failed = await run('node_modules/.bin/tsx', ['adapters/discord/register.ts'], { env, timeout: 15_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set/);
    expect(rest.requests).toHaveLength(0);
  });
});

describe('discord command definition', () => {
  it('follows Discord naming limits and keeps room for more sub-commands', () => {
    const check = (o: { name: string; description: string; options?: unknown[] }) => {
      expect(o.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(o.description.length).toBeGreaterThan(0);
      expect(o.description.length).toBeLessThanOrEqual(100);
      expect((o.options ?? []).length).toBeLessThanOrEqual(25);
      for (const c of (o.options ?? []) as (typeof o)[]) check(c);
    };
    check(briefCommand);
    check(digestCommand);
    // a plain /brief (a command with sub-commands cannot be used bare), and /digest shown to managers by default
    expect(briefCommand.options.map((o) => [o.name, o.type])).toEqual([['topic', 3], ['public', 5]]);
    expect(briefCommand.options[0]).toMatchObject({ autocomplete: true });
    expect(digestCommand.options.map((o) => o.name)).toEqual(['subscribe', 'unsubscribe', 'list', 'sources', 'help']);
    expect(BigInt(digestCommand.default_member_permissions)).toBe(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageGuild);
  });

  it('documents the same invite permissions the code asks for', () => {
    expect(INVITE_PERMISSIONS.toString()).toBe('309237730304');
    const docs = readFileSync('docs/discord.md', 'utf8');
    expect(docs).toContain(INVITE_PERMISSIONS.toString());
    expect(docs).toContain('scope=bot+applications.commands');
  });
});
