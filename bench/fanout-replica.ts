// One replica of the digest fan-out bench (fanout.ts): the app on the shared PostgreSQL schema, running due digests
// at a fixed clock until none is left, posting to a platform stand-in that answers after `--post-ms`. Sends the
// channels it posted to.
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { openPostgresStorage } from '../src/store/postgres/index.js';
import { argValue } from './stats.js';

const argv = process.argv.slice(2);
const now = new Date(argValue(argv, 'now')!);
const postMs = Number(argValue(argv, 'post-ms') ?? 5);
const owner = argValue(argv, 'owner')!;
const storage = await openPostgresStorage({ url: argValue(argv, 'url')!, schema: argValue(argv, 'schema')!, poolMax: 4, now: () => now });
const bot = await createApp({ config: loadConfig({ BRIEFBOT_DB: ':memory:', BRIEFBOT_SEEDS: '', BRIEF_CACHE_SECONDS: '0' } as NodeJS.ProcessEnv), logger: createLogger('silent'), storage, now: () => now });
const posted: string[] = [];
const runner = bot.digestRunner(() => ({
  isTransient: () => false,
  async post({ channelId }) {
    await new Promise((r) => setTimeout(r, postMs));
    posted.push(channelId);
    return [`${channelId}.1`];
  },
}), owner);
// the parent starts every replica at once
await new Promise((resolve) => process.once('message', resolve));
await runner.runDue(now);
await bot.close();
process.send?.({ owner, posted }, () => process.exit(0));
