// A digest outlet for core tests: `post` receives the channel, the brief and the ids accepted by earlier tries
// (it appends to them as a platform adapter does); ids default to those.
import type { Brief } from '../../src/domain.js';
import type { DigestOutlet, OutletFor } from '../../src/digest/runner.js';

type Post = (channelId: string, brief: Brief, accepted: string[]) => Promise<readonly string[] | void>;

export function outlet(post: Post, isTransient: (e: unknown) => boolean = () => false): OutletFor {
  const o: DigestOutlet = { post: async ({ channelId }, brief, accepted = []) => [...((await post(channelId, brief, accepted)) ?? accepted)], isTransient };
  return () => o;
}
