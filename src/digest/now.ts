// `briefbot digest --now`: runs digests immediately through the real platform adapters (started just for
// this), recording them in the same ledger as the scheduler, so a digest sent now is not sent again today.
// A platform with no token here gets a printing outlet: what would have gone out is shown on stdout.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../domain.js';
import { errorMessage, UserError } from '../errors.js';
import type { PlatformAdapter, PlatformDeps, PlatformRegistry } from '../platform.js';
import { briefToText } from '../render/text.js';
import type { DigestOutlet } from './runner.js';

export interface NowResult {
  channel: string;
  outcome: string;
}

function printingOutlet(platform: Platform): DigestOutlet {
  return {
    async post({ channelId, workspaceId }, brief) {
      process.stdout.write(`[${platform}:${workspaceId ? `${workspaceId}/` : ''}${channelId}]\n${briefToText(brief)}\n`);
      return [];
    },
    isTransient: () => false,
  };
}

export async function runDigestsNow(deps: PlatformDeps, registry: PlatformRegistry, channel?: string): Promise<NowResult[]> {
  if (channel && !/^(slack|discord|console):[\w-]+$/.test(channel)) {
    throw new UserError('BAD_ARGUMENT', `--channel takes platform:id, e.g. slack:C0123 or discord:123456 (got “${channel}”)`);
  }
  const subs = (await deps.bot.digests.all()).filter((s) => !channel || `${s.platform}:${s.channelId}` === channel);
  const adapters = new Map<Platform, PlatformAdapter | undefined>();
  /** Platforms whose adapter could not start, with why: their digests fail (and stay due for the scheduler). */
  const down = new Map<Platform, string>();
  const results: NowResult[] = [];
  try {
    for (const platform of new Set(subs.map((s) => s.platform))) {
      const adapter = platform === 'console' ? undefined : await registry[platform]?.(deps);
      try {
        await adapter?.start();
        adapters.set(platform, adapter);
      } catch (e) {
        down.set(platform, errorMessage(e));
        await adapter?.stop().catch(() => undefined);
      }
    }
    // one retry: someone is waiting at a terminal, and the scheduler retries on its own
    const runner = deps.bot.digestRunner((platform) => adapters.get(platform) ?? printingOutlet(platform), `cli:${randomUUID().slice(0, 8)}`, { retries: 1 });
    for (const sub of subs) {
      const name = `${sub.platform}:${sub.channelId}${sub.topic ? ` (${sub.topic})` : ''}`;
      const why = down.get(sub.platform);
      if (why !== undefined) {
        results.push({ channel: name, outcome: `failed: the ${sub.platform} adapter could not start: ${why}` });
        continue;
      }
      const r = await runner.runNow(sub, new Date());
      const printedOnly = !adapters.get(sub.platform) && r?.status === 'delivered';
      results.push({ channel: name, outcome: !r ? 'already delivered today' : printedOnly ? 'printed (no token for that platform)' : r.error ? `failed: ${r.error}` : r.status });
    }
  } finally {
    await Promise.allSettled([...adapters.values()].map((a) => a?.stop()));
  }
  return results;
}
