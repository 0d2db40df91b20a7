// What /healthz and /readyz answer: alive (the process serves HTTP at all), and ready (the database answers and
// every configured platform is connected). Served on the Slack HTTP port, or on HEALTH_PORT (Socket Mode,
// Discord-only and console setups), by the composition root (bin/main.ts); the checks are here.
import { createServer, type Server } from 'node:http';
import type { BriefBot } from './app.js';
import type { Logger } from './log.js';

export interface HealthReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'unreachable' | 'connected' | 'disconnected'>;
}

/** What a report needs of an adapter (PlatformAdapter has it; platform.ts refers to HealthReport, so not imported). */
export interface Connectable {
  readonly platform: string;
  connected(): boolean;
}

/** The readiness of the database and of each adapter. */
export function healthReport(bot: Pick<BriefBot, 'databaseReachable'>, adapters: readonly Connectable[]): HealthReport {
  const checks: HealthReport['checks'] = { database: bot.databaseReachable() ? 'ok' : 'unreachable' };
  for (const a of adapters) checks[a.platform] = a.connected() ? 'connected' : 'disconnected';
  return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'connected'), checks };
}

export interface HealthResponse {
  status: number;
  body: string;
}

/** The answer to a request for `path`, or undefined when it is not a health path. */
export function healthResponse(path: string, report: () => HealthReport): HealthResponse | undefined {
  const route = path.split('?')[0];
  if (route === '/healthz') return { status: 200, body: 'ok\n' };
  if (route !== '/readyz') return undefined;
  const r = report();
  return { status: r.ready ? 200 : 503, body: `${JSON.stringify(r)}\n` };
}

/** A server for the health paths alone (HEALTH_PORT), on every interface unless `host` says otherwise. */
export async function startHealthServer(port: number, report: () => HealthReport, logger: Logger, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    const answer = req.method === 'GET' ? healthResponse(req.url ?? '/', report) : undefined;
    if (!answer) return void res.writeHead(404).end();
    res.writeHead(answer.status, { 'content-type': answer.body.startsWith('{') ? 'application/json' : 'text/plain' }).end(answer.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  logger.info({ port }, 'health endpoints listening (/healthz, /readyz)');
  return server;
}
