// A fake Slack Web API on 127.0.0.1 for tests: records Web API calls (form-urlencoded or JSON) and
// response_url posts, keeps posted messages so conversations.replies can serve threads, and can be told
// to rate-limit (429 + Retry-After, 1 s unless told) or fail the next calls. users.info answers for users set with setUser().
// OAuth: oauth.v2.access exchanges a code made by grant() for a workspace's bot token (xoxb-<team>), which auth.test
// then answers for (invalid_auth once revoke()d); every call records its bearer token, so tests see which workspace's
// token each post used.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string; // Web API method, or the response_url path for response posts
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  status: number;
  /** Set when the fake answered `{ ok: false, error }` (failNext). */
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown;
  subtype?: string;
}

export interface FakeSlackApiOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view']);

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the string */
      }
    }
    out[k] = v;
  }
  return out;
}

type Waiter = { check: () => boolean };

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responses: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  /** ws:// URL handed out by apps.connections.open (Socket Mode tests). */
  socketUrl: string | undefined;
  private rateLimited: { method?: string; remaining: number; retryAfter: number } = { remaining: 0, retryAfter: 1 };
  private failures: { method: string; error: string; remaining: number; skip: number }[] = [];
  private responseFailures = { remaining: 0, status: 500 };
  private waiters = new Set<Waiter>();
  /** Called with every recorded call and response_url post, as it is recorded (the load driver times replies with it). */
  onRecord: ((call: RecordedCall) => void) | undefined;
  /** Calls waiting for release() (holdCalls). */
  held: { paths: string[]; waiting: (() => void)[] } | undefined;
  private tsCounter = 0;
  /** OAuth: codes not yet exchanged → the workspace that granted them; issued bot tokens → their workspace. */
  private readonly grants = new Map<string, string>();
  private readonly tokens = new Map<string, { teamId: string; revoked: boolean }>();
  /** users.info answers: a user id → its role flags; unknown ids get user_not_found. */
  private readonly users = new Map<string, { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean }>();
  private constructor(
    private readonly server: Server,
    options: FakeSlackApiOptions,
  ) {
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.teamId = options.teamId ?? 'T0001';
  }

  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = () => {
          if (res.destroyed) return; // the caller is gone (killed while it waited): the call never happened
          const [status, payload, headers] = (api as FakeSlackApi).handle(req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'));
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(payload));
        };
        const fake = api as FakeSlackApi;
        if (fake.held?.paths.some((p) => req.url?.startsWith(p))) fake.held.waiting.push(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new FakeSlackApi(server, options);
    return api;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** Web API base for clientOptions.slackApiUrl. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }
  /** A response_url whose posts are recorded in `responses` under method `/response/<name>`. */
  responseUrl(name = 'cmd'): string {
    return `http://127.0.0.1:${this.port}/response/${name}`;
  }

  /** The next `n` Web API calls (of `method`, if given) answer 429 ratelimited with Retry-After: `retryAfter` (seconds). */
  rateLimitNext(n: number, method?: string, retryAfter = 1): void {
    this.rateLimited = { method, remaining: n, retryAfter };
  }
  /** The next `n` posts to any response_url answer HTTP `status` (recorded in `responses` with it). */
  failResponses(n: number, status = 500): void {
    this.responseFailures = { remaining: n, status };
  }
  /** The next `n` calls of `method` answer `{ ok: false, error }`, after `after` calls that succeed. */
  failNext(method: string, error: string, n = 1, after = 0): void {
    this.failures.push({ method, error, remaining: n, skip: after });
  }
  /**
   * Requests to these paths (`/api/chat.postMessage`, `/response/` for response_url posts) get no answer until
   * release(): work in flight, for a test to kill the bot meanwhile.
   */
  holdCalls(...paths: string[]): void {
    this.held = { paths, waiting: [] };
  }
  /** How many calls are being held. */
  get heldCount(): number {
    return this.held?.waiting.length ?? 0;
  }
  /** Answers the held calls whose callers are still there (those are recorded), and holds no more. */
  release(): void {
    const waiting = this.held?.waiting ?? [];
    this.held = undefined;
    for (const answer of waiting) answer();
  }
  /** Adds a message (e.g. a user's question) so conversations.replies can return it. */
  addMessage(m: FakeMessage): void {
    this.messages.push(m);
  }
  /** Makes users.info know `id`, with the given role flags (absent flags are false). */
  setUser(id: string, roles: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } = {}): void {
    this.users.set(id, roles);
  }
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200 && !c.error);
  }

  /** Resolves with the predicate's first truthy result. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const value = predicate();
          if (!value) return false;
          clearTimeout(timer);
          clearInterval(poll);
          this.waiters.delete(waiter);
          resolve(value);
          return true;
        },
      };
      // Re-checked on every request, and polled too for state the fake does not see (e.g. socket frames).
      const poll = setInterval(() => waiter.check(), 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters.delete(waiter);
        const seen = [...this.calls, ...this.responses].map((c) => `${c.method}(${c.status})`).join(', ');
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; requests seen: ${seen || 'none'}`));
      }, timeoutMs);
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    for (const w of this.waiters) w.check();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Message timestamps, increasing across bot posts and test-added user messages. */
  nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  /** A code Slack would hand the redirect after `teamId` approved the install (its bot token will be `xoxb-<teamId>`). */
  grant(teamId: string): string {
    const code = `code-${teamId}-${this.grants.size + 1}`;
    this.grants.set(code, teamId);
    return code;
  }

  /** The workspace's token stops working (auth.test and every call answer invalid_auth). */
  revoke(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.revoked = true;
  }

  /** The bearer token a recorded call was made with. */
  static tokenOf(call: RecordedCall): string | undefined {
    return /^Bearer (.+)$/.exec(String(call.headers.authorization ?? ''))?.[1];
  }

  private exchange(body: Record<string, unknown>, headers: IncomingHttpHeaders): unknown {
    // client id and secret in HTTP basic auth (what @slack/oauth sends) or the body
    const basic = /^Basic (.+)$/.exec(String(headers.authorization ?? ''))?.[1];
    const [clientId, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [body.client_id, body.client_secret];
    if (!clientId || !secret) return { ok: false, error: 'invalid_client_id' };
    const teamId = this.grants.get(String(body.code ?? ''));
    if (!teamId) return { ok: false, error: 'invalid_code' };
    this.grants.delete(String(body.code));
    const token = `xoxb-${teamId}`;
    this.tokens.set(token, { teamId, revoked: false });
    return {
      ok: true, app_id: 'A0001', authed_user: { id: 'U-INSTALLER' }, scope: 'commands,chat:write', token_type: 'bot', access_token: token,
      bot_user_id: `UBOT-${teamId}`, team: { id: teamId, name: `Team ${teamId}` }, enterprise: null, is_enterprise_install: false,
    };
  }

  private handle(url: string, headers: IncomingHttpHeaders, raw: string): [number, unknown, Record<string, string>?] {
    const body = parseBody(raw, headers['content-type']);
    const path = url.split('?')[0] ?? url;
    if (!path.startsWith('/api/')) {
      if (this.responseFailures.remaining > 0) {
        this.responseFailures.remaining -= 1;
        this.record(this.responses, { method: path, body, headers, status: this.responseFailures.status });
        return [this.responseFailures.status, { ok: false, error: 'internal_error' }];
      }
      this.record(this.responses, { method: path, body, headers, status: 200 });
      return [200, { ok: true }];
    }
    const method = path.slice('/api/'.length);
    if (this.rateLimited.remaining > 0 && (!this.rateLimited.method || this.rateLimited.method === method)) {
      this.rateLimited.remaining -= 1;
      this.record(this.calls, { method, body, headers, status: 429 });
      return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(this.rateLimited.retryAfter) }];
    }
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
    if (failure && failure.skip > 0) failure.skip -= 1;
    else if (failure) {
      failure.remaining -= 1;
      this.record(this.calls, { method, body, headers, status: 200, error: failure.error });
      return [200, { ok: false, error: failure.error }];
    }
    this.record(this.calls, { method, body, headers, status: 200 });
    if (method === 'oauth.v2.access') return [200, this.exchange(body, headers)];
    if (!String(headers.authorization ?? '').startsWith('Bearer ')) return [200, { ok: false, error: 'not_authed' }];
    const issued = this.tokens.get(String(headers.authorization).slice('Bearer '.length));
    if (issued?.revoked) return [200, { ok: false, error: 'invalid_auth' }];
    if (issued && method === 'auth.test') {
      return [200, { ok: true, user_id: `UBOT-${issued.teamId}`, bot_id: `BBOT-${issued.teamId}`, team_id: issued.teamId, user: 'briefbot', team: `Team ${issued.teamId}` }];
    }
    return [200, this.answer(method, body)];
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    const str = (k: string): string | undefined => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: this.botUserId, bot_id: this.botId, team_id: this.teamId, user: 'briefbot', team: 'Test' };
      case 'chat.postMessage': {
        const channel = str('channel') ?? '';
        const message: FakeMessage = { channel, ts: this.nextTs(), text: str('text') ?? '', user: this.botUserId, bot_id: this.botId, thread_ts: str('thread_ts'), blocks: body.blocks };
        this.messages.push(message);
        return { ok: true, channel, ts: message.ts, message };
      }
      case 'users.info': {
        const id = str('user') ?? '';
        const roles = this.users.get(id);
        if (!roles) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id, team_id: this.teamId, name: id.toLowerCase(), deleted: false, is_bot: false, is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, ...roles },
        };
      }
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'socket_mode_not_enabled' };
      case 'views.publish':
        return { ok: true, view: { id: 'V0001', ...(body.view as object) } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.replies': {
        const channel = str('channel');
        const ts = str('ts');
        const messages = this.messages
          .filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts))
          .sort((a, b) => Number(a.ts) - Number(b.ts))
          .map(({ channel: _c, ...m }) => m);
        if (messages.length === 0) return { ok: false, error: 'thread_not_found' };
        return { ok: true, messages, has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private record(list: RecordedCall[], call: RecordedCall): void {
    list.push(call);
    this.onRecord?.(call);
    for (const w of [...this.waiters]) w.check();
  }
}
