// The bot under load: the real `npm start` entry (bin/main.ts) in its own process, Slack in HTTP mode against the
// fake Web API, on a copy of the load store. Started, killed and restarted as a supervisor would.
import { spawn, type ChildProcess } from 'node:child_process';

export interface BotProcessOptions {
  dbPath: string;
  port: number;
  apiUrl: string;
  secret: string;
  /** Extra settings (READER_THREADS, …). */
  env?: Record<string, string>;
}

export interface RunningBot {
  child: ChildProcess;
  exited: Promise<void>;
}

export async function startBot(o: BotProcessOptions): Promise<RunningBot> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/main.ts'], {
    env: {
      ...process.env, LOG_LEVEL: 'error', SLACK_BOT_TOKEN: 'xoxb-load', SLACK_SIGNING_SECRET: o.secret, SLACK_APP_TOKEN: '', DISCORD_TOKEN: '',
      SLACK_API_URL: o.apiUrl, PORT: String(o.port), BRIEFBOT_DB: o.dbPath, BRIEFBOT_SEEDS: '', DIGEST_CHANNELS: '', FEEDS: '',
      // the load's users share one user id and channel: the cooldowns would measure themselves, not the bot
      USER_REQUESTS_PER_MINUTE: '0', CHANNEL_REQUESTS_PER_MINUTE: '0', ...o.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  for (let i = 0; i < 600; i++) {
    const ready = await fetch(`http://127.0.0.1:${o.port}/readyz`).catch(() => undefined);
    if (ready?.status === 200) return { child, exited };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the bot did not become ready within 60 s');
}

export interface ProcessSample {
  /** Seconds since the run started. */
  at: number;
  rssMb: number;
  /** The event loop's worst delay since the previous sample (prom-client's monitor), in ms. */
  loopLagMaxMs: number;
}

/** One reading of the bot's own /metrics: RSS (threads included) and event-loop lag. */
export async function sampleBot(port: number, startedAt: number): Promise<ProcessSample | undefined> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => undefined);
  if (!text) return undefined;
  const value = (name: string): number => Number(text.match(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm'))?.[1] ?? NaN);
  return {
    at: (performance.now() - startedAt) / 1000,
    rssMb: value('briefbot_process_resident_memory_bytes') / 1024 / 1024,
    loopLagMaxMs: value('briefbot_nodejs_eventloop_lag_max_seconds') * 1000,
  };
}
