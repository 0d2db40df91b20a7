// The operations endpoints: /healthz (alive: the process serves HTTP at all), /readyz (ready: the database answers
// and every configured platform is connected) and /metrics (Prometheus, src/metrics.ts). Served on the Slack HTTP
// port, or on HEALTH_PORT (Socket Mode, Discord-only and console setups), wired by the composition root.
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
export async function healthReport(bot: Pick<BriefBot, 'databaseReachable'>, adapters: readonly Connectable[]): Promise<HealthReport> {
  const checks: HealthReport['checks'] = { database: (await bot.databaseReachable()) ? 'ok' : 'unreachable' };
  for (const a of adapters) checks[a.platform] = a.connected() ? 'connected' : 'disconnected';
  return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'connected'), checks };
}

/** What the operations endpoints read: readiness, and the metrics' exposition. */
export interface Operations {
  report(): Promise<HealthReport>;
  metrics(): Promise<{ contentType: string; text: string }>;
}

export interface OperationsResponse {
  status: number;
  contentType: string;
  body: string;
}

/** The paths served beside a platform's endpoint (Slack's HTTP port) or on HEALTH_PORT. */
export const OPERATIONS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/** The answer to a GET of `path`, or undefined when it is not an operations path. */
export async function operationsResponse(path: string, ops: Operations): Promise<OperationsResponse | undefined> {
  const route = path.split('?')[0];
  if (route === '/healthz') return { status: 200, contentType: 'text/plain', body: 'ok\n' };
  if (route === '/readyz') {
    const r = await ops.report();
    return { status: r.ready ? 200 : 503, contentType: 'application/json', body: `${JSON.stringify(r)}\n` };
  }
  if (route === '/metrics') {
    const { contentType, text } = await ops.metrics();
    return { status: 200, contentType, body: text };
  }
  return undefined;
}

/** A server for the operations paths alone (HEALTH_PORT), on every interface unless `host` says otherwise. */
export async function startOperationsServer(port: number, ops: Operations, logger: Logger, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const answer = req.method === 'GET' ? await operationsResponse(req.url ?? '/', ops) : undefined;
      if (!answer) return void res.writeHead(404).end();
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    })().catch((e: unknown) => {
      logger.error({ err: e, path: req.url }, 'operations endpoint failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  logger.info({ port }, 'operations endpoints listening (/healthz, /readyz, /metrics)');
  return server;
}
