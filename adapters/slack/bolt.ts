// Builds the Bolt app: Socket Mode when an app token is set, HTTP (signed requests on /slack/events)
// otherwise. Bolt's signature verification stays on; its logs go through our pino logger.
import { App, HTTPReceiver, LogLevel, type CustomRoute, type InstallationStore, type Logger as BoltLogger, type Receiver, type webApi } from '@slack/bolt';
import { OPERATIONS_PATHS, operationsResponse, type Operations } from '../../src/health.js';
import type { Logger } from '../../src/log.js';
import { guardRequestBodies } from './body-guard.js';

/** Slack's OAuth install flow (many workspaces): /slack/install and /slack/oauth_redirect beside /slack/events. */
export interface SlackOAuth {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: InstallationStore;
}

/** The bot scopes an install asks for: the manifest's (adapters/slack/manifest.yaml), which docs/slack.md explains. */
export const BOT_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'im:history', 'channels:history', 'groups:history', 'users:read', 'channels:read', 'groups:read'];

export interface SlackConnection {
  /** One workspace's bot token; absent with `oauth`. */
  botToken?: string;
  oauth?: SlackOAuth;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
}

export interface BoltHooks {
  /** A ready-made receiver (tests); otherwise an HTTPReceiver or Socket Mode is chosen from the connection. */
  receiver?: Receiver;
  /** With both set Bolt skips auth.test. */
  botId?: string;
  botUserId?: string;
  clientOptions?: Pick<webApi.WebClientOptions, 'retryConfig' | 'timeout' | 'rejectRateLimitedCalls'>;
  /** How long Bolt waits for an ack before answering 404 itself (default 3001 ms). */
  unhandledRequestTimeoutMillis?: number;
  /** Told of every failed Web API call or response_url post (metrics). */
  onApiError?: (error: string) => void;
  /** Readiness and metrics: served at GET /healthz, /readyz and /metrics on the HTTP port. */
  operations?: Operations;
}

/**
 * The Web API client's own retries, bounded: its default retries for about 30 minutes, which kept an answer or a
 * `digest --now` waiting that long on an unreachable API. Three tries within ~3 s of waiting (a 429 waits its
 * Retry-After); the digest runner retries delivery on top of this.
 */
const WEB_API_DEFAULTS: Pick<webApi.WebClientOptions, 'retryConfig' | 'timeout'> = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 },
  timeout: 10_000,
};

const LEVELS: Record<string, LogLevel> = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR };

export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.stack ?? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level: LogLevel = LEVELS[logger.level] ?? LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(text(m)),
    info: (...m: unknown[]) => child.info(text(m)),
    warn: (...m: unknown[]) => child.warn(text(m)),
    error: (...m: unknown[]) => child.error(text(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** GET /healthz, /readyz and /metrics beside Slack's endpoint (src/health.ts says what they answer). */
function operationsRoutes(ops: Operations, logger: Logger): CustomRoute[] {
  return OPERATIONS_PATHS.map((path) => ({
    path,
    method: ['GET'],
    handler: (_req, res) => {
      operationsResponse(path, ops)
        .then((answer) => void res.writeHead(answer!.status, { 'content-type': answer!.contentType }).end(answer!.body))
        .catch((e: unknown) => {
          logger.error({ err: e, path }, 'operations endpoint failed');
          if (!res.headersSent) res.writeHead(500).end();
        });
    },
  }));
}

type Fetch = NonNullable<webApi.WebClientOptions['fetch']>;

/**
 * Fetch for the Web API client and response_url posts (Bolt uses the client's for both) that reports each failed
 * call: a network error, an HTTP error status, or Slack's `ok: false` with its error code.
 */
export function reportingFetch(onError: (error: string) => void, base: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    let res: Awaited<ReturnType<Fetch>>;
    try {
      res = await base(input, init);
    } catch (e) {
      onError('network');
      throw e;
    }
    if (res.status === 429) onError('ratelimited');
    else if (res.status >= 400) onError(`http_${res.status}`);
    if (!res.ok || !res.headers.get('content-type')?.includes('json')) return res;
    // read once to look for ok:false; the caller reads the same text
    const text = await res.text();
    const body: unknown = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })();
    if (typeof body === 'object' && body !== null && 'ok' in body && body.ok === false) onError('error' in body ? String(body.error) : 'unknown');
    const { ok, status, statusText, url, headers } = res;
    return {
      ok, status, statusText, url, headers,
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
      arrayBuffer: async () => new TextEncoder().encode(text).buffer,
    };
  };
}

/** The receiver's installer: Bolt's own routes and state checks, our installation store, the manifest's scopes. */
function oauthOptions(oauth: SlackOAuth, clientOptions: webApi.WebClientOptions) {
  const { clientId, clientSecret, stateSecret, installationStore } = oauth;
  return {
    clientId, clientSecret, stateSecret, installationStore, scopes: BOT_SCOPES,
    // the API the installer exchanges the code at (a test double's, in tests)
    installerOptions: { directInstall: true, clientOptions: { ...(clientOptions.slackApiUrl ? { slackApiUrl: clientOptions.slackApiUrl } : {}) } },
  };
}

export function createBoltApp(conn: SlackConnection, hooks: BoltHooks, logger: Logger): { app: App; mode: 'socket' | 'http' } {
  const log = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    ...WEB_API_DEFAULTS,
    ...(conn.apiUrl ? { slackApiUrl: conn.apiUrl } : {}),
    ...(hooks.onApiError ? { fetch: reportingFetch(hooks.onApiError) } : {}),
    ...hooks.clientOptions,
  };
  // Bolt's own token check (auth.test) runs at construction and nobody awaits it: an unreachable API or a revoked
  // token was an unhandled rejection. The adapter checks the token itself when it starts (index.ts).
  const common = {
    ...(conn.botToken ? { token: conn.botToken } : {}), botId: hooks.botId, botUserId: hooks.botUserId, clientOptions, logger: log, extendedErrorHandler: true as const, tokenVerificationEnabled: false,
  };
  if (conn.oauth && (hooks.receiver || conn.appToken)) throw new Error('Slack OAuth installs run in HTTP mode only (SLACK_SIGNING_SECRET, no SLACK_APP_TOKEN)');
  if (hooks.receiver) return { app: new App({ ...common, receiver: hooks.receiver }), mode: 'http' };
  if (conn.appToken) return { app: new App({ ...common, appToken: conn.appToken, socketMode: true }), mode: 'socket' };
  if (!conn.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)');
  const ops = hooks.operations;
  const receiver = new HTTPReceiver({
    signingSecret: conn.signingSecret,
    logger: log,
    ...(ops ? { customRoutes: operationsRoutes(ops, logger) } : {}),
    ...(conn.oauth ? oauthOptions(conn.oauth, clientOptions) : {}),
    ...(hooks.unhandledRequestTimeoutMillis ? { unhandledRequestTimeoutMillis: hooks.unhandledRequestTimeoutMillis } : {}),
  });
  guardRequestBodies(receiver, logger);
  return { app: new App({ ...common, receiver }), mode: 'http' };
}
