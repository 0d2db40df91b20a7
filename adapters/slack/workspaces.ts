// Which Slack workspace a request or a digest belongs to, and the token that speaks there. One-token mode
// (SLACK_BOT_TOKEN): one workspace, whose requests carry no workspace key (subscriptions made before OAuth support
// keep working). OAuth mode (SLACK_CLIENT_ID…): every workspace that installs the app from /slack/install has its
// own installation in the bot's database; requests are keyed by their team id, and a digest is posted with the
// token of the workspace that subscribed it.
import type { App, Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { PlatformDeps } from '../../src/platform.js';
import type { InstallationRepository } from '../../src/store/repositories.js';

/** What an installation read back from the database must hold for the bot to act in that workspace. */
const StoredInstallation = z.looseObject({
  team: z.object({ id: z.string().min(1) }),
  bot: z.looseObject({ token: z.string().startsWith('xoxb-'), id: z.string(), userId: z.string() }),
});

export interface Workspaces {
  /** True with OAuth installs (many workspaces). */
  readonly multi: boolean;
  /** The workspace a request came from, as subscriptions, votes and repeats are keyed: its team id with OAuth, none with one token. */
  key(teamId: string | undefined): string | undefined;
  /** The bot token that posts in a workspace; a UserError (permanent) when the app is no longer installed there. */
  token(workspaceId: string | undefined): Promise<string>;
  /** False for a workspace with no installation (OAuth): the app was never installed there, or was uninstalled. */
  installed(teamId: string | undefined): Promise<boolean>;
  /** Forgets a workspace's installation (the app uninstalled, its token revoked); true when there was one. */
  forget(teamId: string | undefined): Promise<boolean>;
  /** Bolt's installation store over the bot's database (OAuth only). */
  readonly installationStore?: InstallationStore;
}

/** What every Slack listener is given: the core's deps and the workspaces. */
export interface SlackDeps extends PlatformDeps {
  workspaces: Workspaces;
}

/** Someone on Slack: a user id is unique only within its workspace (undefined with one token). */
export interface Person {
  userId: string;
  workspaceId?: string;
}

/** A person as cooldowns and BRIEFBOT_ADMINS name them: the user id, or "TEAM:USER" with many workspaces. */
export function personKey({ userId, workspaceId }: Person): string {
  return workspaceId ? `${workspaceId}:${userId}` : userId;
}

export function singleWorkspace(botToken: string): Workspaces {
  return { multi: false, key: () => undefined, token: async () => botToken, installed: async () => true, forget: async () => false };
}

export function installedWorkspaces(repo: InstallationRepository, logger: Logger, now: () => Date = () => new Date()): Workspaces {
  const find = async (teamId: string | undefined) => {
    const raw = teamId ? await repo.find(teamId) : undefined;
    if (raw === undefined) return undefined;
    const parsed = StoredInstallation.safeParse(raw);
    if (!parsed.success) logger.error({ team: teamId, issues: parsed.error.issues }, 'slack: a stored installation is unreadable; reinstall the app in that workspace');
    return parsed.data;
  };
  const installationStore: InstallationStore = {
    async storeInstallation(installation) {
      // an org-wide (Enterprise Grid) install has no team, and its workspaces' events name theirs: not supported
      if (installation.isEnterpriseInstall || !installation.team) throw new Error('org-wide (Enterprise Grid) installs are not supported: install briefbot in each workspace');
      StoredInstallation.parse(installation);
      // no user token is asked for (no user scopes); drop one all the same rather than keep a person's token
      await repo.save(installation.team.id, { ...installation, user: { id: installation.user.id } }, now());
      logger.info({ team: installation.team.id }, 'slack: installed in a workspace');
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const found = await find(query.teamId);
      if (!found) throw new Error(`briefbot is not installed in Slack workspace ${query.teamId ?? '(none named)'}`);
      return found as unknown as Installation<'v2', false>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      if (query.teamId) await repo.remove(query.teamId);
    },
  };
  return {
    multi: true,
    key: (teamId) => teamId,
    async token(workspaceId) {
      const found = await find(workspaceId);
      if (!found) throw new UserError('NOT_FOUND', `briefbot is not installed in Slack workspace ${workspaceId ?? '(none named)'} (any more)`);
      return found.bot.token;
    },
    installed: async (teamId) => (await find(teamId)) !== undefined,
    forget: async (teamId) => (teamId ? (await repo.remove(teamId)) > 0 : false),
    installationStore,
  };
}

const CommandTeam = z.object({ command: z.string(), team_id: z.string().optional() });

/**
 * A slash command from a workspace with no installation: Bolt finds no token, logs, and acknowledges it empty, so
 * the person saw nothing. Answered here instead (the acknowledgement is the only reply possible without a token).
 */
export function answerUninstalledCommands(app: App, workspaces: Workspaces, logger: Logger): void {
  if (!workspaces.multi) return;
  const dispatch = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const command = CommandTeam.safeParse(event.body);
    if (!command.success || (await workspaces.installed(command.data.team_id))) return dispatch(event);
    logger.warn({ team: command.data.team_id, command: command.data.command }, 'slack: a command from a workspace where the app is not installed');
    await event.ack({ response_type: 'ephemeral', text: 'briefbot is not installed in this workspace (any more): a workspace admin can install it again from its install page.' });
  };
}
