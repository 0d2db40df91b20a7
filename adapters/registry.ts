// The platform table of the composition root: each chat platform's adapter, built only when its token is set and
// loaded only then (a Slack-only bot never loads discord.js, and the reverse).
import type { PlatformRegistry } from '../src/platform.js';

export const platforms: PlatformRegistry = {
  slack: async (deps) => (deps.config.SLACK_BOT_TOKEN || deps.config.SLACK_CLIENT_ID ? (await import('./slack/index.js')).createSlackAdapter(deps) : undefined),
  discord: async (deps) => (deps.config.DISCORD_TOKEN ? (await import('./discord/index.js')).createDiscordAdapter(deps) : undefined),
};
