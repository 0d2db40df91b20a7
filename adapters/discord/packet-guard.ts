// discord.js builds Interaction/Message objects straight from gateway payloads and throws (an unhandled
// rejection, which ends a Node process) when a field it dereferences is missing. This guard validates the
// few fields it needs, on the Raw event, which discord.js emits synchronously *before* handling the packet:
// a malformed packet is renamed so no handler matches it, and it is dropped with a log line.
// test/adapters/discord/brief.int.test.ts ("drops one it cannot read") fails if a discord.js upgrade breaks this.
import { Events, type Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../src/log.js';

const Snowflake = z.string().regex(/^\d{1,25}$/);
const User = z.object({ id: Snowflake });
const Option: z.ZodType<unknown> = z.lazy(() => z.object({ name: z.string(), type: z.number().int(), options: z.array(Option).optional() }));

const Interaction = z
  .object({
    id: Snowflake,
    application_id: Snowflake,
    type: z.number().int(),
    token: z.string().min(1),
    user: User.optional(),
    member: z.object({ user: User }).optional(),
    data: z.unknown().optional(),
    message: z.unknown().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.type === 1) return; // PING carries nothing else
    if (!d.user && !d.member) ctx.addIssue({ code: 'custom', message: 'no user or member' });
    const check = (schema: z.ZodType<unknown>, value: unknown, what: string) => {
      if (!schema.safeParse(value).success) ctx.addIssue({ code: 'custom', message: `bad ${what}` });
    };
    if (d.type === 2 || d.type === 4) {
      check(z.object({ id: Snowflake, name: z.string(), type: z.number().int(), options: z.array(Option).optional() }), d.data, 'command data');
    } else if (d.type === 3) {
      check(z.object({ custom_id: z.string(), component_type: z.number().int() }), d.data, 'component data');
      check(z.object({ id: Snowflake, channel_id: Snowflake, author: User }), d.message, 'component message');
    } else if (d.type === 5) {
      check(z.object({ custom_id: z.string() }), d.data, 'modal data');
    }
  });

const MessageCreate = z.object({ id: Snowflake, channel_id: Snowflake, author: User });

const guarded: Record<string, z.ZodType<unknown>> = { INTERACTION_CREATE: Interaction, MESSAGE_CREATE: MessageCreate };

interface RawPacket {
  t: string | null;
  d: unknown;
}

export function installPacketGuard(client: Client, logger: Logger): void {
  client.on(Events.Raw, (packet: RawPacket) => {
    const schema = packet.t ? guarded[packet.t] : undefined;
    if (!schema) return;
    const result = schema.safeParse(packet.d);
    if (result.success) return;
    logger.warn({ event: packet.t, issues: result.error.issues.map((i) => i.message) }, 'discord: ignoring malformed gateway event');
    packet.t = `DROPPED_${packet.t}`;
  });
}
