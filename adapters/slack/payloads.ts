// zod schemas for the parts of Slack payloads the adapter relies on; anything else is ignored.
// Malformed payloads are logged and dropped by the handlers.
import { z } from 'zod';

export const SlashCommandBody = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.string().url(),
  team_id: z.string().optional(),
});
export type SlashCommandBody = z.infer<typeof SlashCommandBody>;

/** app_mention and message events: the fields we read. */
export const MessageEvent = z.object({
  type: z.enum(['app_mention', 'message']),
  user: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  channel: z.string().min(1),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  channel_type: z.string().optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

export const EventEnvelope = z.object({ event_id: z.string().optional() });

export const BlockActionsBody = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
  response_url: z.string().url().optional(),
  message: z.object({ text: z.string().optional() }).optional(),
});
export type BlockActionsBody = z.infer<typeof BlockActionsBody>;

/** One message as conversations.replies returns it. */
export const ThreadMessage = z.object({
  ts: z.string(),
  text: z.string().default(''),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;
