// What a `/brief` sub-command is: its usage line, an optional instant ack, and the slow work after it.
import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { SlashCommandBody } from './payloads.js';
import type { SlackDeps } from './workspaces.js';

export type Visibility = 'ephemeral' | 'in_channel';

export interface ParsedCommand {
  visibility: Visibility;
  /** A sub-command's name, or undefined for a brief. */
  sub?: string;
  /** The topic (for a brief) or the sub-command's arguments. */
  args: string;
}

export interface CommandContext extends SlackDeps {
  parsed: ParsedCommand;
  body: SlashCommandBody;
  respond: RespondFn;
  /** The Web API client Bolt hands the listener (bot token set). */
  client: webApi.WebClient;
}

export interface Subcommand {
  usage: string;
  summary: string;
  /** What to put in the immediate ack; keep it instant. Without it the ack is empty (nothing shown). */
  ack?(ctx: CommandContext): RespondArguments;
  /** Slow work after the ack, answered via respond(). */
  run?(ctx: CommandContext): Promise<void>;
}
