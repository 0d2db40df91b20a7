// npm run load [-- --docs 100000 --users 20 --requests 400 --faults --kill --soak 10 --rate 2]
// Drives the real bot (bin/main.ts, Slack HTTP mode, reader threads) the way a busy workspace does: signed
// /brief commands and mentions from `users` users at once against a fake Web API, with optional faults (429s,
// 500s on response_url, ok:false), a SIGKILL mid-run with an immediate restart and Slack-style re-delivery, and
// a soak at a steady rate. Prints acknowledgement and reply latency, what was lost or sent twice, and RSS over
// time; writes bench/results/load-latest.json. Targets (issue #14): see TARGETS below.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { FakeSlackApi } from '../../test/doubles/slack-api.js';
import { freePort } from '../../test/helpers/cli.js';
import { Rng } from '../corpus.js';
import { sampleBot, startBot, type ProcessSample, type RunningBot } from './bot-process.js';
import { phaseReport, printReport, type PhaseReport } from './report.js';
import { prepareStore } from './store.js';
import { DiscordTraffic, startDiscordDoubles } from './discord-traffic.js';
import { Traffic, type Kind, type TrackedRequest } from './traffic.js';

const program = new Command('load')
  .option('--docs <n>', 'articles in the store', (v) => Number(v), 100_000)
  .option('--seed <n>', 'corpus and traffic seed', (v) => Number(v), 42)
  .option('--users <n>', 'users sending at once (each waits for its reply before the next request)', (v) => Number(v), 20)
  .option('--requests <n>', 'requests in the burst phase (half /brief, half mentions)', (v) => Number(v), 400)
  .option('--faults', 'inject Web API faults every 2 s: a 429, an ok:false service_unavailable, a 500 on response_url')
  .option('--kill', 'SIGKILL the bot halfway through the burst and restart it at once')
  .option('--soak <minutes>', 'then send at a steady rate for this long, watching RSS', (v) => Number(v), 0)
  .option('--rate <n>', 'requests per second in the soak', (v) => Number(v), 2)
  .option('--reply-timeout <s>', 'seconds a reply may take before it counts as lost', (v) => Number(v), 60)
  .option('--threads <n>', 'READER_THREADS for the bot (default: its own default)')
  .option('--discord', 'also run the Discord adapter against the fake gateway and REST API, and a burst of /brief interactions and mentions there')
  .parse();
const o = program.opts<{ docs: number; seed: number; users: number; requests: number; faults?: boolean; kill?: boolean; soak: number; rate: number; replyTimeout: number; threads?: string; discord?: boolean }>();

const SECRET = 'load-signing-secret';
const BOT_USER = 'UBOTLOAD';
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'briefbot-load-'));
const store = await prepareStore(o.docs, o.seed, dir, log);
const api = await FakeSlackApi.start({ botUserId: BOT_USER });
const port = await freePort();
const startedAt = performance.now();
const discord = o.discord ? await startDiscordDoubles() : undefined;
const botOptions = { dbPath: store.path, port, apiUrl: api.url, secret: SECRET, env: { ...(o.threads ? { READER_THREADS: o.threads } : {}), ...discord?.env } };
let bot: RunningBot = await startBot(botOptions);
log(`bot ready on :${port} after ${((performance.now() - startedAt) / 1000).toFixed(1)} s (${o.docs.toLocaleString('en-US')} articles)`);

const traffic = new Traffic(api, SECRET, BOT_USER, port);
const rng = new Rng(o.seed);
const samples: (ProcessSample & { phase: string })[] = [];
let phase = 'warm-up';
const sample = () => sampleBot(port, startedAt).then((s) => void (s && samples.push({ ...s, phase })));
const sampler = setInterval(() => void sample(), 2000);
let faults: NodeJS.Timeout | undefined;
if (o.faults) {
  faults = setInterval(() => {
    const pick = rng.int(3);
    if (pick === 0) api.rateLimitNext(1, 'chat.postMessage', 1);
    else if (pick === 1) api.failNext('chat.postMessage', 'service_unavailable');
    else api.failResponses(1, 500);
  }, 2000);
}

/** A request of `kind`: a brief on a topic (a quarter without one, as "the latest news"), or a question. */
function request(kind: Kind): Promise<TrackedRequest> {
  const text = kind === 'brief' ? (rng.chance(0.25) ? '' : rng.pick(store.topics)) : rng.pick(store.questions).question;
  return traffic.send(kind, text, performance.now() + o.replyTimeout * 1000);
}
const waitReply = (r: TrackedRequest) => Promise.race([r.settled, sleep(o.replyTimeout * 1000)]);

// warm-up: the reader threads open the store and fill their caches (not counted)
for (const kind of ['brief', 'mention', 'brief', 'mention'] as const) await waitReply(await request(kind));
const reports: PhaseReport[] = [];

await sample(); // the event-loop lag since start-up belongs to the warm-up
phase = 'burst';
let from = traffic.requests.length;
let sent = 0;
let restarting: Promise<void> | undefined;
const user = async (): Promise<void> => {
  while (sent < o.requests) {
    const kind: Kind = sent++ % 2 === 0 ? 'brief' : 'mention';
    if (o.kill && sent === Math.floor(o.requests / 2) && !restarting) {
      log(`SIGKILL after ${sent} requests at ${(performance.now() - startedAt).toFixed(0)} ms; restarting`);
      bot.child.kill('SIGKILL');
      restarting = bot.exited.then(async () => {
        bot = await startBot(botOptions);
        log('restarted');
      });
    }
    const r = await request(kind);
    if (!r.unacknowledged) await waitReply(r);
  }
};
let burstStart = performance.now();
await Promise.all(Array.from({ length: o.users }, user));
await restarting;
await Promise.all(traffic.requests.slice(from).map(waitReply));
await sample();
reports.push(phaseReport('burst', traffic.requests.slice(from), samples.filter((s) => s.phase === 'burst'), (performance.now() - burstStart) / 1000));

if (discord) {
  // the same burst on Discord: interactions and mentions over the fake gateway, replies read from the fake REST log
  phase = 'discord';
  await sample();
  const dTraffic = new DiscordTraffic(discord);
  let dSent = 0;
  const dUser = async (): Promise<void> => {
    while (dSent < o.requests) {
      const kind: Kind = dSent++ % 2 === 0 ? 'brief' : 'mention';
      const text = kind === 'brief' ? (rng.chance(0.25) ? '' : rng.pick(store.topics)) : rng.pick(store.questions).question;
      await waitReply(dTraffic.send(kind, text));
    }
  };
  const dStart = performance.now();
  await Promise.all(Array.from({ length: o.users }, dUser));
  await sample();
  dTraffic.stop();
  reports.push(phaseReport('discord', dTraffic.requests, samples.filter((s) => s.phase === 'discord'), (performance.now() - dStart) / 1000));
}

if (o.soak > 0) {
  phase = 'soak';
  await sample();
  from = traffic.requests.length;
  burstStart = performance.now();
  const end = burstStart + o.soak * 60_000;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; performance.now() < end; i++) {
    inFlight.push(request(i % 2 === 0 ? 'brief' : 'mention').then(waitReply));
    await sleep(1000 / o.rate);
  }
  await Promise.all(inFlight);
  await sample();
  reports.push(phaseReport('soak', traffic.requests.slice(from), samples.filter((s) => s.phase === 'soak'), (performance.now() - burstStart) / 1000));
}

clearInterval(sampler);
if (faults) clearInterval(faults);
bot.child.kill('SIGTERM');
await bot.exited;
await api.close();
await discord?.close();
rmSync(dir, { recursive: true, force: true });

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const result = {
  commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', 'src', 'adapters', 'bin') !== '', date: new Date().toISOString(),
  options: { ...o, faults: Boolean(o.faults), kill: Boolean(o.kill) }, phases: reports,
  samples: samples.map((s) => ({ phase: s.phase, at: Math.round(s.at), rssMb: Math.round(s.rssMb), loopLagMaxMs: Math.round(s.loopLagMaxMs) })),
};
printReport(result.options, reports);
if (process.env.LOAD_DEBUG) {
  for (const r of traffic.requests.filter((x) => x.replies.length - new Set(x.replies.map((y) => y.signature)).size > 0)) {
    log(`duplicate: ${r.kind} ${r.target} sent ${(r.sentAt - startedAt).toFixed(0)} attempts ${r.attempts} replies at ${r.replies.map((x) => (x.at - startedAt).toFixed(0)).join(', ')}`);
  }
}
writeFileSync(join('bench', 'results', 'load-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
log('wrote bench/results/load-latest.json');
