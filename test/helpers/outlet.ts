// A digest outlet for core tests: `post` receives the channel and brief; ids default to none.
import type { Brief } from '../../src/domain.js';
import type { DigestOutlet, OutletFor } from '../../src/digest/runner.js';

export function outlet(post: (channelId: string, brief: Brief) => Promise<readonly string[] | void>, isTransient: (e: unknown) => boolean = () => false): OutletFor {
  const o: DigestOutlet = { post: async (channelId, brief) => [...((await post(channelId, brief)) ?? [])], isTransient };
  return () => o;
}
