// The slash command definition (sent to Discord by register.ts) and the parser for what Discord sends back.
// `/brief` uses sub-commands so digest commands (subscribe, unsubscribe, subscriptions, sources) can join later.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  OAuth2Scopes,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';

export const TOPIC_MAX_CHARS = 200;

export const briefCommand = {
  name: 'brief',
  type: ApplicationCommandType.ChatInput,
  description: 'Cited news briefs from the articles briefbot has read',
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'now',
      description: 'Brief me on the latest stories (only you see it unless public is true)',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'topic',
          description: 'Only stories about this, e.g. "vaccines"',
          required: false,
          max_length: TOPIC_MAX_CHARS,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'public',
          description: 'Post the brief for everyone in the channel (default: only you see it)',
          required: false,
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'help', description: 'How to use briefbot' },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Everything register.ts sends: one PUT replaces the application's whole command list. */
export const commandDefinitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = [briefCommand];

export type BriefCommand = { kind: 'now'; topic?: string; public: boolean } | { kind: 'help' };

// Discord's payload is validated rather than trusted: a malformed interaction parses to undefined.
const NowOptions = z.array(
  z.discriminatedUnion('name', [
    z.object({ name: z.literal('topic'), value: z.string().max(TOPIC_MAX_CHARS) }),
    z.object({ name: z.literal('public'), value: z.boolean() }),
  ]),
);
const SubcommandData = z.discriminatedUnion('name', [
  z.object({ name: z.literal('now'), type: z.literal(ApplicationCommandOptionType.Subcommand), options: NowOptions.default([]) }),
  z.object({ name: z.literal('help'), type: z.literal(ApplicationCommandOptionType.Subcommand) }),
]);

/** `data`: the interaction's top-level options (discord.js `interaction.options.data`). */
export function parseBriefCommand(commandName: string, data: readonly unknown[]): BriefCommand | undefined {
  if (commandName !== briefCommand.name || data.length !== 1) return undefined;
  const parsed = SubcommandData.safeParse(data[0]);
  if (!parsed.success) return undefined;
  if (parsed.data.name === 'help') return { kind: 'help' };
  let topic: string | undefined;
  let isPublic = false;
  for (const o of parsed.data.options) {
    if (o.name === 'topic') topic = o.value.trim() || undefined;
    else isPublic = o.value;
  }
  return { kind: 'now', ...(topic ? { topic } : {}), public: isPublic };
}

export const HELP_TEXT = [
  '**briefbot**: cited news briefs and answers from the articles I have read.',
  '• `/brief now`: a brief on the latest stories, one card per story, each point with its sources. Only you see it.',
  '• `/brief now topic:vaccines`: only stories about a topic. Add `public:True` to post it for the whole channel.',
  '• Mention me with a question, e.g. `@briefbot How many doses of Sputnik V did Armenia receive first?`: I answer in a thread, quoting my sources, or say plainly when my articles do not say. Mention me again in the thread for a follow-up.',
  '• You can also message me directly.',
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
