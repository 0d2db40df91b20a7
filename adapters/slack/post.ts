// Posting rendered messages: the first one where asked, the rest in its thread, links not unfurled
// (a cited article's preview would bury the brief).
import type { webApi } from '@slack/bolt';
import { withRetries } from '../kit/retry.js';
import { isTransientPlatformError } from './errors.js';
import type { SlackMessage } from './render.js';

/**
 * Waits before the 2nd and 3rd try of a message Slack refused with a momentary `ok: false` (service_unavailable,
 * internal_error, …), which its Web API client does not retry: an answer was replaced by an apology.
 */
export const POST_RETRY_DELAYS_MS: readonly number[] = [1000, 3000];

/** Posts `messages` in order; returns their ts, first first. Threaded under `threadTs` when given. */
export async function postMessages(
  client: webApi.WebClient,
  token: string | undefined,
  channel: string,
  messages: readonly SlackMessage[],
  threadTs?: string,
  /**
   * In a thread: the parts sent before (a restart, an earlier try) are skipped, and each part sent is recorded,
   * with its ts.
   */
  progress?: { sent: number; record(parts: number, ts?: string): void | Promise<void> },
): Promise<string[]> {
  let thread = threadTs;
  const posted: string[] = [];
  for (const [i, m] of messages.entries()) {
    if (thread && progress && i < progress.sent) continue;
    const res = await withRetries(() => client.chat.postMessage({
      ...(token ? { token } : {}),
      channel,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(thread ? { thread_ts: thread } : {}),
    }), POST_RETRY_DELAYS_MS, isTransientPlatformError);
    if (res.ts) posted.push(res.ts);
    thread ??= res.ts;
    await progress?.record(i + 1, res.ts);
  }
  return posted;
}
