// `briefbot digest --now`: runs digests immediately through the real platform adapters (started just for
// this), recording them in the same ledger as the scheduler, so a digest sent now is not sent again today.
import { randomUUID } from 'node:crypto';
import { platformAdapter, type PlatformAdapter } from '../adapter.js';
import type { BriefBot } from '../app.js';
import { briefToText } from '../render/text.js';
import { UserError } from '../errors.js';
import type { Logger } from '../log.js';

export interface NowResult {
  channel: string;
  outcome: string;
}

export async function runDigestsNow(bot: BriefBot, logger: Logger, channel?: string): Promise<NowResult[]> {
  if (channel && !/^(slack|discord|console):[\w-]+$/.test(channel)) {
    throw new UserError('BAD_ARGUMENT', `--channel takes platform:id, e.g. slack:C0123 or discord:123456 (got “${channel}”)`);
  }
  const subs = bot.digests.all().filter((s) => !channel || `${s.platform}:${s.channelId}` === channel);
  const adapters = new Map<string, PlatformAdapter | undefined>();
  const results: NowResult[] = [];
  try {
    for (const platform of new Set(subs.map((s) => s.platform))) {
      const adapter = await platformAdapter(platform, bot, logger);
      await adapter?.start();
      adapters.set(platform, adapter);
    }
    const runner = bot.digestRunner(async (sub, brief) => {
      const adapter = adapters.get(sub.platform);
      if (!adapter) {
        // no token for that platform here: show what would have gone out
        process.stdout.write(`[${sub.platform}:${sub.channelId}]\n${briefToText(brief)}\n`);
        return undefined;
      }
      return adapter.post(sub.channelId, brief);
    }, `cli:${randomUUID().slice(0, 8)}`);
    for (const sub of subs) {
      const name = `${sub.platform}:${sub.channelId}${sub.topic ? ` (${sub.topic})` : ''}`;
      const r = await runner.runNow(sub, new Date());
      const printedOnly = !adapters.get(sub.platform) && r?.status === 'delivered';
      results.push({ channel: name, outcome: !r ? 'already delivered today' : printedOnly ? 'printed (no token for that platform)' : r.error ? `failed: ${r.error}` : r.status });
    }
  } finally {
    await Promise.allSettled([...adapters.values()].map((a) => a?.stop()));
  }
  return results;
}
