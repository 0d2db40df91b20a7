// The Slack door: /brief, @mention and DM questions, 👍/👎 feedback, digest delivery.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Brief } from '../../src/domain.js';
import type { PlatformAdapter, PlatformDeps } from '../../src/platform.js';
import { type BoltHooks, createBoltApp, type SlackConnection } from './bolt.js';
import { listenBriefCommand } from './brief-command.js';
import { isTransient } from './errors.js';
import { feedbackValue, listenFeedbackButtons } from './feedback-button.js';
import { Cooldowns } from '../kit/cooldowns.js';
import { routeThroughInbox } from './inbox.js';
import { listenAppHome } from './app-home.js';
import { listenLifecycle } from './lifecycle.js';
import { listenMentions } from './mention.js';
import { postMessages } from './post.js';
import { renderBrief, safeText } from './render.js';

export { SUBCOMMANDS, parseBriefCommand, helpText } from './brief-command.js';
export { APOLOGY, isTransient } from './errors.js';

export interface SlackAdapterOptions extends BoltHooks, Partial<SlackConnection> {
  /** Waits between tries of a response_url post (default RESPOND_RETRY_DELAYS_MS). */
  respondRetryDelaysMs?: readonly number[];
}

export interface SlackAdapter extends PlatformAdapter {
  readonly platform: 'slack';
  readonly app: App;
  readonly mode: 'socket' | 'http';
  /** The HTTP port actually listened on (after start, HTTP mode). */
  port(): number | undefined;
}

/** Settings come from the config (SLACK_*, PORT); `options` override them, e.g. in tests. */
export function createSlackAdapter(deps: PlatformDeps, options: SlackAdapterOptions = {}): SlackAdapter {
  const { bot, config: c } = deps;
  const botToken = options.botToken ?? c.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error('SLACK_BOT_TOKEN is not set');
  const conn: SlackConnection = {
    botToken,
    signingSecret: options.signingSecret ?? c.SLACK_SIGNING_SECRET,
    appToken: options.appToken ?? c.SLACK_APP_TOKEN,
    apiUrl: options.apiUrl ?? c.SLACK_API_URL,
    port: options.port ?? c.PORT,
  };
  const log = deps.logger.child({ platform: 'slack' });
  const scoped = { ...deps, logger: log };
  const onApiError = (error: string) => bot.platformError('slack', error);
  const { app, mode } = createBoltApp(conn, { onApiError, ...options, ...(deps.operations ? { operations: deps.operations } : {}) }, log);

  const inbox = routeThroughInbox(app, bot, log);
  const cooldowns = Cooldowns.from(c);
  listenBriefCommand(app, scoped, cooldowns, options.respondRetryDelaysMs);
  listenMentions(app, { ...scoped, cooldowns, identity: { botId: options.botId, botUserId: options.botUserId } });
  listenFeedbackButtons(app, scoped);
  listenLifecycle(app, scoped, () => options.botUserId);
  listenAppHome(app, scoped);
  // Errors that escape a listener (ours reply to the user themselves): log with context, keep running.
  const onError = async ({ error, body, context }: { error: Error; body: unknown; context: { teamId?: string } }): Promise<void> => {
    const b = body as { type?: string; command?: string; event?: { type?: string } } | undefined;
    log.error({ err: error, bodyType: b?.type ?? b?.command, event: b?.event?.type, team: context.teamId }, 'unhandled error in Slack listener');
  };
  app.error(onError);

  let server: Server | undefined;
  let running = false;
  return {
    platform: 'slack',
    app,
    mode,
    isTransient,
    async start() {
      // the token first: a clear failure here (revoked token, API unreachable) instead of an error on first use
      await app.client.auth.test({ token: botToken });
      const started = await app.start(conn.port);
      if (mode === 'http' && started && typeof (started as Server).address === 'function') server = started as Server;
      running = true;
      log.info({ mode, port: this.port() }, 'slack adapter listening');
      // what a process before this one took on and did not finish (it was killed): in the background
      void inbox.resume().then(
        (n) => n > 0 && log.info({ resumed: n }, 'resumed unfinished deliveries'),
        (e: unknown) => log.error({ err: e }, 'could not resume unfinished deliveries'),
      );
    },
    async stop() {
      running = false;
      await app.stop();
      await inbox.drain(); // bin/main.ts bounds the whole shutdown
    },
    connected: () => running,
    port() {
      const address = server?.address();
      return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
    },
    async tell(userId: string, text: string) {
      // a user id as the channel: the bot's direct messages with that person
      await app.client.chat.postMessage({ token: botToken, channel: userId, text: safeText(text) });
    },
    async post(channelId: string, brief: Brief, accepted: string[] = []) {
      const value = feedbackValue('brief', bot.feedback.remember('slack', { kind: 'brief', brief }));
      // a retry goes on in the thread of the first message, after the last one accepted
      const progress = { sent: accepted.length, record: (_parts: number, ts?: string) => void (ts && accepted.push(ts)) };
      await postMessages(app.client, botToken, channelId, renderBrief(brief, { feedbackValue: value }), accepted[0], progress);
      return [...accepted];
    },
  };
}
