// `briefbot digest --now`: runs digests immediately through the real platform adapters (started just for
// this), recording them in the same ledger as the scheduler, so a digest sent now is not sent again today.
// A platform with no token here gets a printing outlet: what would have gone out is shown on stdout.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../domain.js';
import { UserError } from '../errors.js';
import type { PlatformAdapter, PlatformDeps, PlatformRegistry } from '../platform.js';
import { briefToText } from '../render/text.js';
import type { DigestOutlet } from './runner.js';

export interface NowResult {
  channel: string;
  outcome: string;
}

function printingOutlet(platform: Platform): DigestOutlet {
  return {
    async post(channelId, brief) {
      process.stdout.write(`[${platform}:${channelId}]\n${briefToText(brief)}\n`);
      return [];
    },
    isTransient: () => false,
  };
}

export async function runDigestsNow(deps: PlatformDeps, registry: PlatformRegistry, channel?: string): Promise<NowResult[]> {
  if (channel && !/^(slack|discord|console):[\w-]+$/.test(channel)) {
    throw new UserError('BAD_ARGUMENT', `--channel takes platform:id, e.g. slack:C0123 or discord:123456 (got “${channel}”)`);
  }
  const subs = deps.bot.digests.all().filter((s) => !channel || `${s.platform}:${s.channelId}` === channel);
  const adapters = new Map<Platform, PlatformAdapter | undefined>();
  const results: NowResult[] = [];
  try {
    for (const platform of new Set(subs.map((s) => s.platform))) {
      const adapter = platform === 'console' ? undefined : await registry[platform]?.(deps);
      await adapter?.start();
      adapters.set(platform, adapter);
    }
    const runner = deps.bot.digestRunner((platform) => adapters.get(platform) ?? printingOutlet(platform), `cli:${randomUUID().slice(0, 8)}`);
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
