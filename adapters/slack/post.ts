// Posting rendered messages: the first one where asked, the rest in its thread, links not unfurled
// (a cited article's preview would bury the brief).
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './render.js';

/** Posts `messages` in order; returns their ts, first first. Threaded under `threadTs` when given. */
export async function postMessages(client: webApi.WebClient, token: string | undefined, channel: string, messages: readonly SlackMessage[], threadTs?: string): Promise<string[]> {
  let thread = threadTs;
  const posted: string[] = [];
  for (const m of messages) {
    const res = await client.chat.postMessage({
      ...(token ? { token } : {}),
      channel,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(thread ? { thread_ts: thread } : {}),
    });
    if (res.ts) posted.push(res.ts);
    thread ??= res.ts;
  }
  return posted;
}
