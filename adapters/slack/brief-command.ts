// `/brief [public] [sub-command | topic]`. Acks at once (Slack allows 3 s), then does the work and
// answers through response_url. Sub-commands live in one table: help here, the digest commands
// (subscribe, unsubscribe, subscriptions, sources) in digest-command.ts.
import type { App } from '@slack/bolt';
import { personKey, type SlackDeps } from './workspaces.js';
import { DIGEST_SUBCOMMANDS } from './digest-command.js';
import { userFacingMessage } from './errors.js';
import { progressiveRespond, replyProgress } from './inbox.js';
import { retryingRespond } from './respond.js';
import { SlashCommandBody } from './payloads.js';
import { feedbackValue } from './feedback-button.js';
import { renderBrief, safeText, unescapeSlack } from './render.js';
import type { CommandContext, ParsedCommand, Subcommand, Visibility } from './subcommand.js';
import { echo } from '../../src/render/echo.js';
import type { Cooldowns } from '../kit/cooldowns.js';

/** Slack lets a response_url be used five times. */
const MAX_RESPONSES = 5;

export function helpText(): string {
  const lines = [
    '*briefbot* gives cited news briefs from the articles in its store, and answers questions about them.',
    '• `/brief` — a brief of the latest stories, visible only to you',
    '• `/brief <topic>` — a brief about a topic, e.g. `/brief vaccines`',
    '• `/brief public [topic]` — post the brief to the channel for everyone',
    ...Object.values(SUBCOMMANDS).map((s) => `• \`${s.usage}\` — ${s.summary}`),
    '• `@briefbot <question>` in a channel (or a direct message) — an answer with quotes and sources, in a thread; ask follow-ups in that thread',
    '• `@briefbot tell me more about story 2` in the thread of a digest — answered from that digest first (mention me: I only see channel messages that do)',
    'Subscribing and unsubscribing are for workspace admins and owners (and anyone listed in the bot\'s BRIEFBOT_ADMINS setting); anyone can list subscriptions and sources. Replies to these commands are visible only to you.',
    'Each brief and answer has 👍/👎 buttons: your votes help improve it.',
  ];
  return lines.join('\n');
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  help: {
    usage: '/brief help',
    summary: 'this help',
    ack: () => ({ response_type: 'ephemeral', text: helpText() }),
  },
  ...DIGEST_SUBCOMMANDS,
};

export function parseBriefCommand(text: string): ParsedCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let visibility: Visibility = 'ephemeral';
  if (words[0]?.toLowerCase() === 'public') {
    visibility = 'in_channel';
    words.shift();
  }
  const first = words[0]?.toLowerCase();
  if (first && Object.hasOwn(SUBCOMMANDS, first)) return { visibility, sub: first, args: words.slice(1).join(' ') };
  return { visibility, args: words.join(' ') };
}

const briefCommand: Subcommand = {
  usage: '/brief [topic]',
  summary: 'a brief',
  ack: ({ parsed }) => ({
    response_type: 'ephemeral',
    text: parsed.args ? `Working on a brief about _${safeText(echo(parsed.args))}_…` : 'Working on a brief of the latest news…',
  }),
  async run({ parsed, respond, bot }) {
    const topic = parsed.args || undefined;
    const brief = await bot.brief(topic ? { topic } : {});
    // rendered to fit a response_url's five uses: stories that do not fit are left out whole, and said so
    const messages = renderBrief(brief, { feedbackValue: feedbackValue('brief', await bot.feedback.remember('slack', { kind: 'brief', brief })), maxMessages: MAX_RESPONSES });
    for (const m of messages) {
      await respond({ response_type: parsed.visibility, replace_original: false, text: m.text, blocks: m.blocks });
    }
  },
};

/** Handles `/brief` and its sub-commands. */
export function listenBriefCommand(app: App, deps: SlackDeps, cooldowns: Cooldowns, respondRetryDelaysMs?: readonly number[]): void {
  const { logger } = deps;
  app.command('/brief', async ({ ack, body, respond: respondOnce, client, context }) => {
    // each response retried, and those sent before a crash not sent again when the command is resumed (inbox.ts)
    const progress = replyProgress(deps.bot, context);
    const respond = progressiveRespond(retryingRespond(respondOnce, logger, respondRetryDelaysMs), progress);
    const parsedBody = SlashCommandBody.safeParse(body);
    if (!parsedBody.success) {
      logger.warn({ issues: parsedBody.error.issues }, 'ignored malformed slash command payload');
      await ack();
      return;
    }
    // Slack sends &, <, > as entities even with should_escape off.
    const parsed = parseBriefCommand(unescapeSlack(parsedBody.data.text));
    const handler = parsed.sub ? (SUBCOMMANDS[parsed.sub] as Subcommand) : briefCommand;
    const ctx: CommandContext = { ...deps, parsed, body: parsedBody.data, respond, client };
    if (handler === briefCommand && !progress.resumed) {
      try {
        cooldowns.take(personKey({ userId: parsedBody.data.user_id, workspaceId: deps.workspaces.key(parsedBody.data.team_id) }), parsedBody.data.channel_id);
      } catch (e) {
        await ack({ response_type: 'ephemeral', text: userFacingMessage(e, logger, { handler: 'command', user: parsedBody.data.user_id }) });
        return;
      }
    }
    await ack(handler.ack?.(ctx));
    if (!handler.run) return;
    try {
      await handler.run(ctx);
    } catch (error) {
      const text = userFacingMessage(error, logger, { handler: 'command', sub: parsed.sub ?? 'brief', topic: parsed.args, user: parsedBody.data.user_id, channel: parsedBody.data.channel_id });
      await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((e: unknown) => logger.error({ err: e }, 'could not send command error reply'));
    }
  });
}
