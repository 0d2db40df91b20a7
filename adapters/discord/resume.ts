// Work a process that died had taken on and not finished (src/inbox/service.ts), done by this one once it is
// connected: a question is read again from Discord and answered; a deferred /brief is finished through its
// interaction's webhook while the token lasts (15 minutes); one never deferred had already failed for its user.
import type { Client } from 'discord.js';
import type { PlatformDeps } from '../../src/platform.js';
import { AskedBrief, resumeBrief } from './brief-command.js';
import { answerMessage, Asked, type MentionDeps, type MentionState } from './mention.js';

/** Interaction tokens are valid this long after the interaction. */
const INTERACTION_TOKEN_MS = 15 * 60_000;

export async function resumeUnfinished(client: Client, deps: MentionDeps & PlatformDeps, state: MentionState, now: () => Date = () => new Date()): Promise<number> {
  const items = await deps.bot.inbox.resume('discord');
  for (const item of items) {
    try {
      const brief = AskedBrief.safeParse(item.payload);
      if (brief.success) {
        const fresh = now().getTime() - Date.parse(item.receivedAt) < INTERACTION_TOKEN_MS;
        if (item.progress >= 1 && fresh) await resumeBrief(client.rest, brief.data, item.progress, deps);
        else deps.logger.warn({ id: item.id, deferred: item.progress >= 1 }, 'discord: a /brief left unfinished can no longer be answered');
        continue;
      }
      const asked = Asked.parse(item.payload);
      const channel = await client.channels.fetch(asked.channelId);
      if (channel?.isTextBased()) await answerMessage(await channel.messages.fetch(asked.messageId), deps, state);
    } catch (err) {
      deps.logger.warn({ err, id: item.id }, 'discord: could not finish resumed work (deleted, or no access any more)');
    } finally {
      await deps.bot.inbox.finish(item.id);
    }
  }
  return items.length;
}
