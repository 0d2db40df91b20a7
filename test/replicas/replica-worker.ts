// One bot replica for the scale-out test (replicas.int.test.ts): the app on a shared PostgreSQL schema, running due
// digests on a clock the test moves (read from a file at each tick), posting to a fake platform that appends each
// delivery to a log. SIGTERM stops it as the bot stops (claims handed back); SIGKILL is a crash.
// Usage: replica-worker.ts <database url> <schema> <clock file> <log file> <owner>
import { appendFileSync, readFileSync } from 'node:fs';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openPostgresStorage } from '../../src/store/postgres/index.js';
import { outlet } from '../helpers/outlet.js';

const [url, schema, clockFile, log, owner] = process.argv.slice(2) as [string, string, string, string, string];
const now = () => new Date(readFileSync(clockFile, 'utf8').trim());
const storage = await openPostgresStorage({ url, schema, poolMax: 3, now });
const bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: ':memory:', BRIEFBOT_SEEDS: '' }), logger: createLogger('silent'), storage, now });
const runner = bot.digestRunner(
  outlet(async (channelId, brief) => {
    // a platform round trip, so that replicas overlap and kills land inside deliveries
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    appendFileSync(log, `${channelId} ${brief.generatedAt.slice(0, 10)} ${owner}\n`);
  }),
  owner,
);

let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
  runner.stop();
});
process.send?.('ready');
while (!stopping) {
  await runner.runDue(now());
  await new Promise((r) => setTimeout(r, 20));
}
await bot.close();
process.exit(0);
