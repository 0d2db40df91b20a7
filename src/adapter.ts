// What every platform door (console, Slack, Discord) offers to main.ts and to the digest scheduler.
import type { BriefBot } from './app.js';
import type { Brief } from './domain.js';
import type { Logger } from './log.js';

export interface PlatformAdapter {
  readonly platform: 'console' | 'slack' | 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Digest delivery: posts a brief to a channel, split across messages when it exceeds platform limits.
   * Resolves to the ids of every message posted, first first (Slack ts, Discord message id), so that questions
   * asked under any of them can be answered from that digest first.
   */
  post(channelId: string, brief: Brief): Promise<string[]>;
}

/**
 * The adapter of a chat platform whose token is configured, or undefined. Loaded on demand, so a bot that
 * runs only on Slack never loads discord.js and the reverse.
 */
export async function platformAdapter(platform: string, bot: BriefBot, logger: Logger): Promise<PlatformAdapter | undefined> {
  if (platform === 'slack' && bot.config.SLACK_BOT_TOKEN) return (await import('../adapters/slack/index.js')).createSlackAdapter(bot, logger);
  if (platform === 'discord' && bot.config.DISCORD_TOKEN) return (await import('../adapters/discord/index.js')).createDiscordAdapter(bot, logger);
  return undefined;
}
