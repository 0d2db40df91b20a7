// `npm run discord:register`: puts the slash command definitions to Discord, for one server (DISCORD_GUILD_ID,
// instant) or globally (may take up to an hour to appear). One PUT replaces the whole list, so it is idempotent.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { REST, Routes, type RESTOptions, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { loadConfig, type Config } from '../../src/config.js';
import { errorMessage } from '../../src/errors.js';
import { commandDefinitions, inviteUrl } from './command-definitions.js';

/** `@discordjs/rest` appends `/v10/...` itself, so a trailing slash would double up. */
export function restBase(url: string | undefined): Partial<RESTOptions> {
  return url ? { api: url.replace(/\/+$/, '') } : {};
}

/** Where the commands live: one server (DISCORD_GUILD_ID) or every server. */
function commandsRoute(appId: string, guildId: string | undefined): `/${string}` {
  return guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
}

export interface RegisterResult {
  scope: 'guild' | 'global';
  route: string;
  names: string[];
}

/** Replaces the application's command definitions on Discord with ours (one PUT). */
export async function publishCommands(config: Config, restOptions: { retries?: number; timeout?: number } = {}): Promise<RegisterResult> {
  const token = config.DISCORD_TOKEN;
  const appId = config.DISCORD_APPLICATION_ID;
  if (!token || !appId) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set (see docs/discord.md).');
  const rest = new REST({ ...restBase(config.DISCORD_API_URL), ...restOptions }).setToken(token);
  const guildId = config.DISCORD_GUILD_ID;
  const route = commandsRoute(appId, guildId);
  const result = (await rest.put(route, { body: commandDefinitions })) as RESTPutAPIApplicationCommandsResult;
  return { scope: guildId ? 'guild' : 'global', route, names: result.map((c) => c.name) };
}

/**
 * Whether what Discord holds has every field of ours with the same value (Discord adds ids and versions, and may
 * leave out what is false or empty).
 */
export function holds(registered: unknown, ours: unknown): boolean {
  if (Array.isArray(ours)) return Array.isArray(registered) && registered.length === ours.length && ours.every((o, i) => holds(registered[i], o));
  if (ours !== null && typeof ours === 'object') {
    const r = (registered ?? {}) as Record<string, unknown>;
    return Object.entries(ours).every(([k, v]) => (r[k] === undefined && (v === false || (Array.isArray(v) && v.length === 0))) || holds(r[k], v));
  }
  return registered === ours;
}

/**
 * At start-up: reads the registered commands and publishes ours when they differ (after an upgrade), so that
 * `npm run discord:register` is not a step to remember. Returns whether it published.
 */
export async function syncCommands(config: Config, rest: REST): Promise<boolean> {
  const appId = config.DISCORD_APPLICATION_ID;
  if (!appId) return false;
  const route = commandsRoute(appId, config.DISCORD_GUILD_ID);
  if (holds(await rest.get(route), JSON.parse(JSON.stringify(commandDefinitions)))) return false;
  await rest.put(route, { body: commandDefinitions });
  return true;
}

async function main(): Promise<void> {
  try {
    // like npm start, read a .env in the working folder (variables already set win)
    if (existsSync('.env')) process.loadEnvFile('.env');
    const config = loadConfig();
    const result = await publishCommands(config);
    const where = result.scope === 'guild' ? `server ${config.DISCORD_GUILD_ID} (available now)` : 'all servers (may take up to an hour to appear)';
    console.log(`Registered ${result.names.map((n) => (n.includes(' ') ? `“${n}”` : `/${n}`)).join(', ')} for ${where}.`);
    if (config.DISCORD_APPLICATION_ID) console.log(`Invite the bot with: ${inviteUrl(config.DISCORD_APPLICATION_ID)}`);
  } catch (e) {
    console.error(`Could not register the Discord commands: ${errorMessage(e)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
