// A fake Discord gateway (ws, JSON, no compression): HELLO → IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs,
// RESUME with replayed events, and dispatch of any event the test wants the client to see. A connection that
// identifies as shard [id, count] gets the servers of that shard ((server id >> 22) % count === id, as Discord
// assigns them) and the events of those servers only.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeChannel, FakeUser } from './discord-rest.js';

export interface FakeGuild {
  id: string;
  name: string;
  channels: FakeChannel[];
}

export interface FakeDiscordGateway {
  readonly url: string;
  readonly identifies: unknown[];
  readonly resumes: unknown[];
  /** Sends a dispatch (op 0) to every identified connection. */
  dispatch(type: string, data: unknown): void;
  /** Resolves once a client has identified and received READY + GUILD_CREATE. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Closes the socket with a resumable code; on RESUME the given events are replayed before RESUMED. */
  dropAndResume(replay: { type: string; data: unknown }[]): void;
  close(): Promise<void>;
}

interface Session {
  socket: WebSocket;
  seq: number;
  ready: boolean;
  shard: [number, number];
}

/** The shard Discord sends a server's events on. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

const onShard = (s: Session, guildId: unknown) => typeof guildId !== 'string' || shardOf(guildId, s.shard[1]) === s.shard[0];

export async function startFakeDiscordGateway(opts: { bot: FakeUser; applicationId: string; guilds: FakeGuild[] }): Promise<FakeDiscordGateway> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const identifies: unknown[] = [];
  const resumes: unknown[] = [];
  const sessions = new Set<Session>();
  let pendingReplay: { type: string; data: unknown }[] = [];
  let globalSeq = 0;
  let readyWaiters: (() => void)[] = [];
  let everReady = false;

  const send = (s: Session, type: string, data: unknown) => {
    s.seq = ++globalSeq;
    s.socket.send(JSON.stringify({ op: 0, s: s.seq, t: type, d: data }));
  };

  wss.on('connection', (socket) => {
    const session: Session = { socket, seq: 0, ready: false, shard: [0, 1] };
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 1000 } }));
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      else if (msg.op === 2) {
        identifies.push(msg.d);
        const shard = (msg.d as { shard?: [number, number] }).shard;
        if (shard) session.shard = shard;
        send(session, 'READY', {
          v: 10, user: { ...opts.bot, discriminator: '0', bot: true, avatar: null, global_name: null },
          guilds: opts.guilds.filter((g) => onShard(session, g.id)).map((g) => ({ id: g.id, unavailable: true })), session_id: 'fake-session',
          resume_gateway_url: url, shard: session.shard, application: { id: opts.applicationId, flags: 0 },
          private_channels: [], relationships: [], user_settings: {},
        });
        for (const g of opts.guilds.filter((guild) => onShard(session, guild.id))) {
          send(session, 'GUILD_CREATE', {
            id: g.id, name: g.name, icon: null, owner_id: '1', roles: [{ id: g.id, name: '@everyone', permissions: '1071698660929', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
            emojis: [], features: [], member_count: 2,
            // the bot's own member (no roles: @everyone's permissions, then each channel's overwrites)
            members: [{ user: { ...opts.bot, discriminator: '0', avatar: null, global_name: null, bot: true }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }], presences: [], voice_states: [], threads: [], stickers: [],
            channels: g.channels.map((c) => ({ permission_overwrites: [], position: 0, ...c, guild_id: undefined })),
            joined_at: new Date().toISOString(), large: false, unavailable: false, afk_timeout: 300, verification_level: 0,
            default_message_notifications: 0, explicit_content_filter: 0, mfa_level: 0, system_channel_flags: 0, premium_tier: 0,
            preferred_locale: 'en-US', nsfw_level: 0, premium_progress_bar_enabled: false,
          });
        }
        session.ready = true;
        everReady = true;
        for (const w of readyWaiters) w();
        readyWaiters = [];
      } else if (msg.op === 6) {
        resumes.push(msg.d);
        for (const e of pendingReplay) send(session, e.type, e.data);
        pendingReplay = [];
        send(session, 'RESUMED', null);
        session.ready = true;
      }
    });
  });

  return {
    url,
    identifies,
    resumes,
    dispatch(type, data) {
      for (const s of sessions) if (s.ready && onShard(s, (data as { guild_id?: unknown } | null)?.guild_id)) send(s, type, data);
    },
    waitReady(timeoutMs = 5000) {
      if (everReady) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('gateway: no IDENTIFY/READY in time')), timeoutMs);
        readyWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    },
    dropAndResume(replay) {
      pendingReplay = replay;
      // 4000 (unknown error) is resumable: the client reconnects to resume_gateway_url and sends op 6.
      for (const s of sessions) s.socket.close(4000, 'fake drop');
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sessions) s.socket.terminate();
        wss.close(() => r());
      }),
  };
}
