// A second bot process for the exactly-once test: runs due digests against a shared SQLite file and
// appends each delivery to a log file. Usage: ledger-worker.ts <db> <log> <owner> <nowIso>
import { appendFileSync } from 'node:fs';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { outlet } from '../helpers/outlet.js';

const [db, log, owner, now] = process.argv.slice(2) as [string, string, string, string];
const bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: db, BRIEFBOT_SEEDS: '' }), logger: createLogger('silent'), now: () => new Date(now) });
const runner = bot.digestRunner(outlet(async (channelId) => {
  await new Promise((r) => setTimeout(r, 20)); // a platform round trip, so the two processes overlap
  appendFileSync(log, `${channelId} ${owner}\n`);
}), owner);
await runner.runDue(new Date(now));
await bot.close();
