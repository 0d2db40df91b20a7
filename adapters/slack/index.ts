// The Slack door: /brief, @mention and DM questions, 👍/👎 feedback, digest delivery.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Brief } from '../../src/domain.js';
import type { PlatformAdapter, PlatformDeps } from '../../src/platform.js';
import { type BoltHooks, createBoltApp, type SlackConnection, type SlackOAuth } from './bolt.js';
import { answerUninstalledCommands, installedWorkspaces, singleWorkspace } from './workspaces.js';
import { slackMultiWorkspace } from '../../src/config.js';
import type { Destination } from '../../src/digest/runner.js';
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

export interface SlackAdapterOptions extends BoltHooks, Partial<Omit<SlackConnection, 'oauth'>> {
  /** OAuth installs (tests; otherwise from SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET). */
  oauth?: Omit<SlackOAuth, 'installationStore'>;
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
  const log = deps.logger.child({ platform: 'slack' });
  const botToken = options.botToken ?? c.SLACK_BOT_TOKEN;
  const oauth = options.oauth ?? (slackMultiWorkspace(c) ? { clientId: c.SLACK_CLIENT_ID!, clientSecret: c.SLACK_CLIENT_SECRET!, stateSecret: c.SLACK_STATE_SECRET! } : undefined);
  if (!botToken && !oauth) throw new Error('SLACK_BOT_TOKEN (or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET) is not set');
  // one workspace with its token, or many with their installations (workspaces.ts)
  const workspaces = botToken && !oauth ? singleWorkspace(botToken) : installedWorkspaces(bot.installations, log);
  const conn: SlackConnection = {
    ...(workspaces.installationStore && oauth ? { oauth: { ...oauth, installationStore: workspaces.installationStore } } : { botToken }),
    signingSecret: options.signingSecret ?? c.SLACK_SIGNING_SECRET,
    appToken: options.appToken ?? c.SLACK_APP_TOKEN,
    apiUrl: options.apiUrl ?? c.SLACK_API_URL,
    port: options.port ?? c.PORT,
  };
  const scoped = { ...deps, logger: log, workspaces };
  const onApiError = (error: string) => bot.platformError('slack', error);
  const { app, mode } = createBoltApp(conn, { onApiError, ...options, ...(deps.operations ? { operations: deps.operations } : {}) }, log);

  const inbox = routeThroughInbox(app, bot, log);
  answerUninstalledCommands(app, workspaces, log); // in front of the inbox: nothing to record
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
      // the token first: a clear failure here (revoked token, API unreachable) instead of an error on first use;
      // with many workspaces there is no one token, and one workspace's revoked token must not stop the others
      if (workspaces.multi) log.info({ installations: await bot.installations.count() }, 'slack: serving the workspaces that installed the app (/slack/install)');
      else await app.client.auth.test({ token: await workspaces.token(undefined) });
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
    async tell(userId: string, text: string, workspaceId?: string) {
      // a user id as the channel: the bot's direct messages with that person
      await app.client.chat.postMessage({ token: await workspaces.token(workspaceId), channel: userId, text: safeText(text) });
    },
    async post({ channelId, workspaceId }: Destination, brief: Brief, accepted: string[] = []) {
      const token = await workspaces.token(workspaceId);
      const value = feedbackValue('brief', await bot.feedback.remember('slack', { kind: 'brief', brief }));
      // a retry goes on in the thread of the first message, after the last one accepted
      const progress = { sent: accepted.length, record: (_parts: number, ts?: string) => void (ts && accepted.push(ts)) };
      await postMessages(app.client, token, channelId, renderBrief(brief, { feedbackValue: value }), accepted[0], progress);
      return [...accepted];
    },
  };
}
