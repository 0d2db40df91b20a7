// The Slack door: /brief, @mention and DM questions, 👍/👎 feedback, digest delivery.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { PlatformAdapter } from '../../src/adapter.js';
import type { BriefBot } from '../../src/app.js';
import type { Brief } from '../../src/domain.js';
import type { Logger } from '../../src/log.js';
import { renderBrief } from '../../src/render/slack.js';
import { briefPlainText } from '../../src/render/text.js';
import { type BoltHooks, createBoltApp, type SlackConnection } from './app.js';
import { registerCommands } from './commands.js';
import { EventDeduper } from './dedupe.js';
import { FeedbackContexts, registerFeedback } from './feedback.js';
import { registerMentions } from './mentions.js';
import { postMessages } from './post.js';

export { SUBCOMMANDS, parseBriefCommand, helpText } from './commands.js';
export { EventDeduper, BoundedTtlMap } from './dedupe.js';
export { APOLOGY } from './errors.js';

export interface SlackAdapterOptions extends BoltHooks, Partial<SlackConnection> {
  /** Clock for the map of answered events. */
  now?: () => number;
}

export interface SlackAdapter extends PlatformAdapter {
  readonly platform: 'slack';
  readonly app: App;
  readonly mode: 'socket' | 'http';
  /** The HTTP port actually listened on (after start, HTTP mode). */
  port(): number | undefined;
}

/** Settings come from bot.config (SLACK_*, PORT); `options` override them, e.g. in tests. */
export function createSlackAdapter(bot: BriefBot, logger: Logger, options: SlackAdapterOptions = {}): SlackAdapter {
  const c = bot.config;
  const botToken = options.botToken ?? c.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error('SLACK_BOT_TOKEN is not set');
  const conn: SlackConnection = {
    botToken,
    signingSecret: options.signingSecret ?? c.SLACK_SIGNING_SECRET,
    appToken: options.appToken ?? c.SLACK_APP_TOKEN,
    apiUrl: options.apiUrl ?? c.SLACK_API_URL,
    port: options.port ?? c.PORT,
  };
  const log = logger.child({ platform: 'slack' });
  const { app, mode } = createBoltApp(conn, options, log);
  const now = options.now ?? Date.now;
  const feedback = new FeedbackContexts(bot.feedbackContexts);
  const dedupe = new EventDeduper(5000, 3600_000, now);

  registerCommands(app, bot, feedback, log);
  registerMentions(app, { bot, logger: log, dedupe, feedback, identity: { botId: options.botId, botUserId: options.botUserId } });
  registerFeedback(app, bot, feedback, log);
  // Errors that escape a listener (ours reply to the user themselves): log with context, keep running.
  const onError = async ({ error, body, context }: { error: Error; body: unknown; context: { teamId?: string } }): Promise<void> => {
    const b = body as { type?: string; command?: string; event?: { type?: string } } | undefined;
    log.error({ err: error, bodyType: b?.type ?? b?.command, event: b?.event?.type, team: context.teamId }, 'unhandled error in Slack listener');
  };
  app.error(onError);

  let server: Server | undefined;
  return {
    platform: 'slack',
    app,
    mode,
    async start() {
      const started = await app.start(conn.port);
      if (mode === 'http' && started && typeof (started as Server).address === 'function') server = started as Server;
      log.info({ mode, port: this.port() }, 'slack adapter listening');
    },
    async stop() {
      await app.stop();
    },
    port() {
      const address = server?.address();
      return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
    },
    async post(channelId: string, brief: Brief) {
      const feedbackValue = feedback.register({ kind: 'brief', question: brief.request.topic ?? '(digest)', answerText: briefPlainText(brief), citations: brief.stories.flatMap((s) => s.keyPoints.flatMap((k) => k.citations)) });
      return postMessages(app.client, botToken, channelId, renderBrief(brief, { feedbackValue }));
    },
  };
}
