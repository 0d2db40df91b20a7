// Slack deliveries through the durable inbox (src/inbox/service.ts). Bolt acknowledges an event before any
// listener or middleware runs, so the record is made here, in front of Bolt's processEvent (which the HTTP and
// Socket Mode receivers both call): recorded, then acknowledged and handled, then finished. A repeat (Slack
// retries an event it thinks was lost; one message arrives as app_mention and message.im) is acknowledged and
// not handled again. Work recorded by a process that died is handled again by resume(), through the same
// listeners, with an acknowledgement that does nothing (Slack had it long ago).
import type { App, ReceiverEvent, RespondFn } from '@slack/bolt';
import { z } from 'zod';
import type { BriefBot } from '../../src/app.js';
import type { Logger } from '../../src/log.js';

const EventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().optional(),
  team_id: z.string().optional(),
  event: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
});
const SlashCommand = z.object({ command: z.string(), trigger_id: z.string().optional(), team_id: z.string().optional() });
const Body = z.record(z.string(), z.unknown());
/** What routeThroughInbox adds to Bolt's context for the listeners. */
const InboxContext = z.object({ inboxId: z.number().int(), inboxProgress: z.number().int().default(0), resumed: z.boolean().default(false) });

/** A listener's view of its delivery's record: parts of the reply already sent, and a way to record each one. */
export interface ReplyProgress {
  /** Parts an earlier process sent before it died (0 for a new delivery). */
  readonly sent: number;
  /** Handled again after a process died: its reply may have gone out just before. */
  readonly resumed: boolean;
  /** `parts` parts of the reply are out. */
  record(parts: number): Promise<void>;
}

export function replyProgress(bot: BriefBot, context: unknown): ReplyProgress {
  const parsed = InboxContext.safeParse(context);
  if (!parsed.success) return { sent: 0, resumed: false, record: async () => {} };
  const { inboxId, inboxProgress, resumed } = parsed.data;
  return { sent: inboxProgress, resumed, record: (parts) => bot.inbox.progress(inboxId, parts) };
}

/** `respond`, skipping the responses sent before a restart and recording each one sent. */
export function progressiveRespond(respond: RespondFn, progress: ReplyProgress): RespondFn {
  let calls = 0;
  return async (message) => {
    const part = ++calls;
    if (part <= progress.sent) return new Response(null, { status: 204 }); // sent before the restart
    const result = await respond(message);
    await progress.record(part);
    return result;
  };
}

/**
 * The keys of a delivery whose work goes on after its acknowledgement (a question, a command), or undefined for
 * what is done within it (buttons, other events): those are not recorded.
 */
export function deliveryKeys(body: unknown): string[] | undefined {
  const ev = EventCallback.safeParse(body);
  if (ev.success) {
    const { event_id: id, event, team_id: team } = ev.data;
    if (event.type !== 'app_mention' && event.type !== 'message') return undefined;
    // both: a retry has the same event_id, and one message can arrive as app_mention and as message.im; keyed by
    // workspace as well, as everything is with many workspaces
    return [id && `event:${id}`, event.channel && event.ts && `msg:${team ?? ''}:${event.channel}:${event.ts}`].filter((k): k is string => Boolean(k));
  }
  const command = SlashCommand.safeParse(body);
  if (command.success) return command.data.trigger_id ? [`command:${command.data.team_id ?? ''}:${command.data.trigger_id}`] : [];
  return undefined;
}

export interface SlackInbox {
  /** Handles again what a process that died had recorded and not finished; returns how many. */
  resume(): Promise<number>;
  /** Waits for the deliveries being handled (at shutdown, once no more arrive): what is cut short is resumed later. */
  drain(): Promise<void>;
}

export function routeThroughInbox(app: App, bot: BriefBot, logger: Logger): SlackInbox {
  const dispatch = app.processEvent.bind(app);
  const inFlight = new Set<Promise<void>>();
  const handle = (id: number, event: ReceiverEvent): Promise<void> => {
    const work = (async () => {
      try {
        await dispatch(event); // Bolt's listeners reply to the user themselves, also on failure
      } finally {
        await bot.inbox.finish(id);
      }
    })();
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
  app.processEvent = async (event) => {
    const keys = deliveryKeys(event.body);
    if (!keys) return dispatch(event);
    const id = await bot.inbox.accept('slack', keys, event.body);
    if (id === undefined) {
      logger.debug({ keys, retryNum: event.retryNum }, 'repeated delivery acknowledged, not handled again');
      return event.ack();
    }
    return handle(id, { ...event, customProperties: { ...event.customProperties, inboxId: id } });
  };
  return {
    async resume() {
      const items = await bot.inbox.resume('slack');
      for (const item of items) {
        const body = Body.safeParse(item.payload);
        if (!body.success) {
          await bot.inbox.finish(item.id);
          continue;
        }
        await handle(item.id, { body: body.data, ack: async () => {}, customProperties: { inboxId: item.id, inboxProgress: item.progress, resumed: true } });
      }
      return items.length;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
