// A fake Discord REST API on 127.0.0.1 (node:http): records what the bot sends and answers with
// full objects, so the real discord.js client can run against it. See /work/shared/platform-testing.md.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the /api/v10 prefix, with %40 decoded to @ (discord.js encodes it, @discordjs/rest does not). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number;
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string;
  /** Per-role or per-member allow/deny bit fields (as strings), as Discord sends them. */
  permission_overwrites?: { id: string; type: 0 | 1; allow: string; deny: string }[];
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  author: FakeUser & { [key: string]: unknown };
  content: string;
  embeds: unknown[];
  mentions: FakeUser[];
  [key: string]: unknown;
}

let nextSnowflake = 1_300_000_000_000_000_000n;
export const snowflake = (): string => String(nextSnowflake++);

export function messageObject(channelId: string, author: FakeUser, fields: Record<string, unknown> = {}): StoredMessage {
  return {
    id: snowflake(),
    channel_id: channelId,
    author: { discriminator: '0', global_name: null, avatar: null, ...author },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: 0,
    flags: 0,
    ...fields,
  };
}

export interface FakeDiscordRest {
  /** Base for discord.js `rest.api` / DISCORD_API_URL. */
  readonly api: string;
  readonly requests: RecordedRequest[];
  /** Messages known per channel: the bot's own posts plus whatever a test adds. */
  readonly messages: Map<string, StoredMessage[]>;
  setGatewayUrl(url: string): void;
  /** How many shards GET /gateway/bot recommends (1 unless set). */
  recommendShards(n: number): void;
  addChannel(channel: FakeChannel): void;
  addMessage(message: StoredMessage): void;
  /** Answers the next `count` calls (except GET /gateway/bot) with 429 and a Retry-After. */
  rateLimitNext(count: number, retryAfterSeconds: number): void;
  /** Answers the next matching calls with an error status. */
  failNext(match: (method: string, path: string) => boolean, status: number, count?: number): void;
  find(method: string, pattern: RegExp): RecordedRequest[];
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startFakeDiscordRest(bot: FakeUser): Promise<FakeDiscordRest> {
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, StoredMessage[]>();
  const channels = new Map<string, FakeChannel>();
  /** Command lists as last PUT, by route (GET returns them, as Discord does). */
  const registered = new Map<string, unknown[]>();
  const failures: { match: (m: string, p: string) => boolean; status: number; left: number }[] = [];
  let gatewayUrl = 'ws://127.0.0.1:1';
  /** The shards GET /gateway/bot recommends (DISCORD_SHARDS=auto). */
  let recommendedShards = 1;
  let limited = 0;
  let retryAfter = 0.2;

  const store = (m: StoredMessage): StoredMessage => {
    const list = messages.get(m.channel_id) ?? [];
    list.push(m);
    messages.set(m.channel_id, list);
    return m;
  };

  function route(method: string, path: string, query: URLSearchParams, body: unknown): [number, unknown] {
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: gatewayUrl, shards: recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 } }];
    }
    if (method === 'POST' && (m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      if (query.get('with_response') === 'true') return [200, { interaction: { id: m[1], type: 2 }, resource: { type: b.type } }];
      return [204, undefined];
    }
    if (method === 'PATCH' && (m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      return [200, messageObject('0', bot, { ...b, webhook_id: m[1] })];
    }
    if (method === 'POST' && (m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      return [200, messageObject('0', bot, { ...b, webhook_id: m[1] })];
    }
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      return [200, store(messageObject(m[1]!, bot, { ...b, type: b.message_reference ? 19 : 0 }))];
    }
    if (method === 'POST' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      const parent = channels.get(m[1]!);
      const thread: FakeChannel & Record<string, unknown> = {
        id: m[2]!, type: 11, name: String(b.name ?? 'thread'), parent_id: m[1]!, guild_id: parent?.guild_id,
        owner_id: bot.id, message_count: 0, member_count: 1,
        thread_metadata: { archived: false, auto_archive_duration: b.auto_archive_duration ?? 1440, archive_timestamp: new Date().toISOString(), locked: false },
      };
      channels.set(thread.id, thread);
      return [201, thread];
    }
    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const found = messages.get(m[1]!)?.find((x) => x.id === m![2]);
      return found ? [200, found] : [404, { message: 'Unknown Message', code: 10008 }];
    }
    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)\/messages$/))) {
      const before = query.get('before');
      const list = (messages.get(m[1]!) ?? []).filter((x) => !before || BigInt(x.id) < BigInt(before));
      return [200, list.slice().reverse().slice(0, Number(query.get('limit') ?? 50))];
    }
    if (method === 'GET' && (m = path.match(/^\/channels\/(\d+)$/))) {
      const c = channels.get(m[1]!);
      return c ? [200, c] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    if (method === 'PUT' && (m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      const stored = list.map((c) => ({ ...c, id: snowflake(), application_id: m![1], ...(m![2] ? { guild_id: m![2] } : {}), version: snowflake(), nsfw: false }));
      registered.set(path, stored);
      return [200, stored];
    }
    if (method === 'GET' && /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.test(path)) return [200, registered.get(path) ?? []];
    return [404, { message: `Unknown route ${method} ${path}`, code: 0 }];
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/api\/v10/, '').replace(/%40/g, '@');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const method = req.method ?? 'GET';
      const rec: RecordedRequest = { method, path, query: url.searchParams, headers: req.headers, body, status: 0 };
      requests.push(rec);
      const fail = failures.find((f) => f.left > 0 && f.match(method, path));
      if (limited > 0 && path !== '/gateway/bot') {
        limited--;
        rec.status = 429;
        res.writeHead(429, {
          'content-type': 'application/json', 'retry-after': String(retryAfter), 'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfter), 'x-ratelimit-bucket': 'fakebucket',
          'x-ratelimit-scope': 'user',
        });
        res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: false }));
        return;
      }
      if (fail) {
        fail.left--;
        rec.status = fail.status;
        res.writeHead(fail.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Injected failure', code: 50013 }));
        return;
      }
      const [status, payload] = route(method, path, url.searchParams, body);
      rec.status = status;
      if (payload === undefined) {
        res.writeHead(status);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  return {
    api: `http://127.0.0.1:${port}/api`,
    requests,
    messages,
    setGatewayUrl: (u) => void (gatewayUrl = u),
    recommendShards: (n) => void (recommendedShards = n),
    addChannel: (c) => void channels.set(c.id, c),
    addMessage: (m) => void store(m),
    rateLimitNext(count, seconds) {
      limited = count;
      retryAfter = seconds;
    },
    failNext: (match, status, count = 1) => void failures.push({ match, status, left: count }),
    find: (method, pattern) => requests.filter((r) => r.method === method && pattern.test(r.path) && r.status < 400),
    waitFor: (p, t) => waitFor(p, t, 'fake REST'),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
