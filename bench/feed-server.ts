// The feed benchmark's HTTP server, in a process of its own (forked by bench/feed-scenario.ts), so the CPU it
// spends serving never runs on the measured bot's event loop. Builds every feed once (bench/feeds.ts), gzips
// it once, then listens on 127.0.0.1:0 and serves GET /<section>/rss.xml by the Host header: 200 with an ETag
// (gzip when the client accepts it, as real feed servers do), 304 when If-None-Match names the current ETag,
// 404 for anything else (so a page fetch the bot should not make shows up in the counts).
// Messages: sends { type: 'ready', port, … } once listening; answers 'stats' with the request counts since the
// last 'stats'; closes on 'close' or when the parent goes away.
//   node --import tsx bench/feed-server.ts --feeds-count 500 --items 50 --seed 42   (prints its port when run by hand)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FeedPlan } from './feeds.js';
import { argValue } from './stats.js';

export interface ServerReady {
  type: 'ready';
  port: number;
  feeds: number;
  hosts: number;
  largestHostGroup: number;
  bodyBytes: number;
  gzipBytes: number;
  generateSeconds: number;
}

export interface ServerStats {
  type: 'stats';
  /** Requests by status since the last stats message. */
  status: Record<string, number>;
  /** Bytes of response bodies sent (as sent: gzipped when asked). */
  bytesSent: number;
  /** Up to 5 requests that were not a known feed, for the report. */
  unknown: string[];
  /** The server process's CPU time (user + system) in that span, seconds. */
  cpuSeconds: number;
}

interface Entry {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const argv = process.argv.slice(2);
const began = performance.now();
const plan = new FeedPlan({
  feeds: Number(argValue(argv, 'feeds-count') ?? 500),
  items: Number(argValue(argv, 'items') ?? 50),
  seed: Number(argValue(argv, 'seed') ?? 42),
});
const served = new Map<string, Entry>();
let bodyBytes = 0;
let gzipBytes = 0;
for (const { spec, body, etag } of plan.generate()) {
  const raw = Buffer.from(body, 'utf8');
  const gzip = gzipSync(raw);
  bodyBytes += raw.length;
  gzipBytes += gzip.length;
  served.set(`${spec.host}${spec.path}`, { body: raw, gzip, etag });
}
const generateSeconds = (performance.now() - began) / 1000;

let status: Record<string, number> = {};
let bytesSent = 0;
let unknown: string[] = [];
let cpuMark = process.cpuUsage();
const count = (code: number): void => {
  status[code] = (status[code] ?? 0) + 1;
};

const server = createServer((req, res) => {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const entry = req.method === 'GET' ? served.get(`${host}${req.url ?? ''}`) : undefined;
  if (!entry) {
    count(404);
    if (unknown.length < 5) unknown.push(`${req.method} http://${req.headers.host ?? '?'}${req.url ?? ''}`);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    return;
  }
  if (req.headers['if-none-match'] === entry.etag) {
    count(304);
    res.writeHead(304, { etag: entry.etag }).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? entry.gzip : entry.body;
  count(200);
  bytesSent += body.length;
  res.writeHead(200, {
    'content-type': 'application/rss+xml; charset=utf-8',
    'content-length': body.length,
    etag: entry.etag,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as AddressInfo).port;
  const ready: ServerReady = {
    type: 'ready', port, feeds: plan.specs.length, hosts: plan.hosts.length, largestHostGroup: plan.largestHostGroup(), bodyBytes, gzipBytes, generateSeconds,
  };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready));
});

process.on('message', (m) => {
  if (m === 'stats') {
    const cpu = process.cpuUsage(cpuMark);
    const stats: ServerStats = { type: 'stats', status, bytesSent, unknown, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    process.send?.(stats);
    status = {};
    bytesSent = 0;
    unknown = [];
    cpuMark = process.cpuUsage();
  } else if (m === 'close') {
    server.close();
    server.closeAllConnections();
    process.disconnect?.();
  }
});
// the scenario's process went away (killed, crashed): do not linger
process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
});
