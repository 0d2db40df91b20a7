// The Discord adapter's public surface: main.ts calls createDiscordAdapter when DISCORD_TOKEN is set.
export { createDiscordAdapter, INTENTS, type DiscordAdapter, type DiscordAdapterOptions } from './client.js';
export { briefCommand, commandDefinitions, inviteUrl, INVITE_PERMISSIONS } from './commands.js';
export { registerCommands } from './register.js';
