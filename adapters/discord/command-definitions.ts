// The slash command definitions (sent to Discord by register.ts) and the parser for what Discord sends back.
// `/brief [topic] [public]`, and `/digest subscribe | unsubscribe | list | sources | help` for a channel's digests.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  OAuth2Scopes,
  PermissionFlagsBits,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { SubscribeOptions } from '../../src/digest/subscribe-args.js';

export const TOPIC_MAX_CHARS = 200;
export const URL_MAX_CHARS = 2000;

const topicOption = (description: string) => ({
  type: ApplicationCommandOptionType.String,
  name: 'topic',
  description,
  required: false,
  max_length: TOPIC_MAX_CHARS,
}) as const;

/** `/brief [topic] [public]`: a plain command (Discord makes a command with sub-commands unusable bare). */
export const briefCommand = {
  name: 'brief',
  type: ApplicationCommandType.ChatInput,
  description: 'A cited brief of the latest stories (topic "help" for how to use briefbot)',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    { ...topicOption('Only stories about this, e.g. "vaccines" (suggestions: recent headlines)'), autocomplete: true },
    { type: ApplicationCommandOptionType.Boolean, name: 'public', description: 'Post the brief for everyone in the channel (default: only you see it)', required: false },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * `/digest subscribe | unsubscribe | list | sources | help`: a channel's scheduled digests, shown by default only
 * to members who may manage channels or the server (`default_member_permissions`, which a server can change; the
 * check at run time in digest-command.ts stays the authority).
 */
export const digestCommand = {
  name: 'digest',
  type: ApplicationCommandType.ChatInput,
  description: "This channel's daily news digest",
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  default_member_permissions: String(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'subscribe',
      description: 'Post a digest of the news in this channel every day (Manage Channels or Manage Server)',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'time', description: 'When, e.g. 08:30 or 6:30pm (default 08:00)', required: false, max_length: 8 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'IANA timezone, e.g. Europe/London or UTC (default UTC)', required: false, max_length: 64 },
        { type: ApplicationCommandOptionType.Boolean, name: 'weekdays', description: 'Only Monday to Friday (default: every day)', required: false },
        topicOption('Only stories about this, e.g. "vaccines"'),
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'unsubscribe',
      description: "Stop this channel's digests (Manage Channels or Manage Server)",
      options: [topicOption('Only the digest about this topic')],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: "This channel's scheduled digests" },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'sources',
      description: "The feeds I follow and the outlets feeding this channel's digest; add or remove a feed",
      options: [
        { type: ApplicationCommandOptionType.String, name: 'add', description: 'Follow this feed, or the feed this site names', required: false, max_length: URL_MAX_CHARS },
        { type: ApplicationCommandOptionType.String, name: 'name', description: 'The outlet its articles are credited to (with add)', required: false, max_length: 100 },
        { type: ApplicationCommandOptionType.String, name: 'remove', description: 'Stop following this feed (its URL)', required: false, max_length: URL_MAX_CHARS },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'help', description: 'How to use briefbot' },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * "Ask briefbot" on a message's Apps menu: that message's text as a question. Its target arrives with the
 * interaction, so it works without the Message Content intent.
 */
export const askCommand = {
  name: 'Ask briefbot',
  type: ApplicationCommandType.Message,
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Everything register.ts sends: one PUT replaces the application's whole command list. */
export const commandDefinitions: RESTPostAPIApplicationCommandsJSONBody[] = [briefCommand, digestCommand, askCommand];

export type BriefCommand =
  | { kind: 'now'; topic?: string; public: boolean }
  | { kind: 'help' }
  | ({ kind: 'subscribe' } & SubscribeOptions)
  | { kind: 'unsubscribe'; topic?: string }
  | { kind: 'subscriptions' }
  | { kind: 'sources'; add?: string; name?: string; remove?: string };

// Discord's payload is validated rather than trusted: a malformed interaction parses to undefined.
const BriefOptions = z.array(
  z.discriminatedUnion('name', [
    z.object({ name: z.literal('topic'), value: z.string().max(TOPIC_MAX_CHARS) }),
    z.object({ name: z.literal('public'), value: z.boolean() }),
  ]),
);
const SubscribeOptionsData = z.array(
  z.discriminatedUnion('name', [
    z.object({ name: z.literal('time'), value: z.string().max(8) }),
    z.object({ name: z.literal('timezone'), value: z.string().max(64) }),
    z.object({ name: z.literal('weekdays'), value: z.boolean() }),
    z.object({ name: z.literal('topic'), value: z.string().max(TOPIC_MAX_CHARS) }),
  ]),
);
const TopicOnly = z.array(z.object({ name: z.literal('topic'), value: z.string().max(TOPIC_MAX_CHARS) }));
const Sub = ApplicationCommandOptionType.Subcommand;
const DigestSubcommand = z.discriminatedUnion('name', [
  z.object({ name: z.literal('help'), type: z.literal(Sub) }),
  z.object({ name: z.literal('subscribe'), type: z.literal(Sub), options: SubscribeOptionsData.default([]) }),
  z.object({ name: z.literal('unsubscribe'), type: z.literal(Sub), options: TopicOnly.default([]) }),
  z.object({ name: z.literal('list'), type: z.literal(Sub) }),
  z.object({
    name: z.literal('sources'),
    type: z.literal(Sub),
    options: z.array(z.object({ name: z.enum(['add', 'name', 'remove']), value: z.string().max(URL_MAX_CHARS) })).default([]),
  }),
]);

/** Blank strings count as not given. */
const given = (s: string): string | undefined => s.trim() || undefined;

function parseBrief(data: readonly unknown[]): BriefCommand | undefined {
  const parsed = BriefOptions.safeParse(data);
  if (!parsed.success) return undefined;
  let topic: string | undefined;
  let isPublic = false;
  for (const o of parsed.data) {
    if (o.name === 'topic') topic = given(o.value);
    else isPublic = o.value;
  }
  if (topic?.toLowerCase() === 'help') return { kind: 'help' };
  return { kind: 'now', ...(topic ? { topic } : {}), public: isPublic };
}

function parseDigest(data: readonly unknown[]): BriefCommand | undefined {
  const parsed = data.length === 1 ? DigestSubcommand.safeParse(data[0]) : undefined;
  if (!parsed?.success) return undefined;
  const d = parsed.data;
  switch (d.name) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      return { kind: 'subscriptions' };
    case 'sources': {
      const out: BriefCommand & { kind: 'sources' } = { kind: 'sources' };
      for (const o of d.options) if (given(o.value)) out[o.name] = given(o.value);
      return out;
    }
    case 'unsubscribe': {
      const topic = d.options[0] ? given(d.options[0].value) : undefined;
      return { kind: 'unsubscribe', ...(topic ? { topic } : {}) };
    }
    case 'subscribe': {
      const out: BriefCommand & { kind: 'subscribe' } = { kind: 'subscribe', weekdays: false };
      for (const o of d.options) {
        if (o.name === 'weekdays') out.weekdays = o.value;
        else if (given(o.value)) out[o.name] = given(o.value);
      }
      return out;
    }
  }
}

/** `data`: the interaction's top-level options (discord.js `interaction.options.data`); undefined for a shape this version does not know. */
export function parseBriefCommand(commandName: string, data: readonly unknown[]): BriefCommand | undefined {
  if (commandName === briefCommand.name) return parseBrief(data);
  if (commandName === digestCommand.name) return parseDigest(data);
  return undefined;
}

export const HELP_TEXT = [
  '**briefbot**: cited news briefs and answers from the articles I have read.',
  '• `/brief`: a brief on the latest stories, one card per story, each point with its sources. Only you see it.',
  '• `/brief topic:vaccines`: only stories about a topic (I suggest recent headlines as you type). Add `public:True` to post it for the whole channel.',
  '• Mention me with a question, e.g. `@briefbot How many doses of Sputnik V did Armenia receive first?`: I answer in a thread, quoting my sources, or say plainly when my articles do not say. Mention me again in the thread for a follow-up.',
  '• You can also message me directly, or pick **Apps → Ask briefbot** on any message to ask me what it asks (only you see the answer).',
  '• `/digest subscribe time:08:30 timezone:Europe/London weekdays:True topic:vaccines`: a digest of the news in this channel every day (every option is optional). `/digest unsubscribe [topic]` stops it. Both need **Manage Channels** or **Manage Server** here; in a DM with me, anyone can subscribe the DM.',
  '• `/digest list`: this channel\'s digests. `/digest sources`: the feeds I follow and the outlets feeding the digests; `/digest sources add:<url>` follows a feed (or the feed a site names), `remove:<url>` stops (Manage Channels or Manage Server).',
  '• Mention me in the thread of a digest (or reply to it), e.g. `tell me more about story 2`: I answer from that digest first.',
  '• 👍 / 👎 under an answer tells us whether it helped.',
].join('\n');

/** Permissions the invite asks for: read and answer in channels and threads, with embeds. */
export const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

export function inviteUrl(applicationId: string): string {
  const q = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: INVITE_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}
