// The Discord adapter's public surface: adapters/registry.ts calls createDiscordAdapter when DISCORD_TOKEN is set.
export { createDiscordAdapter, intents, type DiscordAdapter, type DiscordAdapterOptions } from './client.js';
export { briefCommand, commandDefinitions, inviteUrl, INVITE_PERMISSIONS } from './command-definitions.js';
export { isTransient } from './errors.js';
export { publishCommands } from './register.js';
