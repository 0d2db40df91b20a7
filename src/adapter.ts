// What every platform door (console, Slack, Discord) offers to main.ts and to the digest scheduler.
import type { Brief } from './domain.js';

export interface PlatformAdapter {
  readonly platform: 'console' | 'slack' | 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Digest delivery: posts a brief to a channel, split across messages when it exceeds platform limits.
   * Resolves to the id of the first message (Slack ts, Discord message id), so that questions asked in its
   * thread can be answered from that digest first.
   */
  post(channelId: string, brief: Brief): Promise<string | undefined>;
}
