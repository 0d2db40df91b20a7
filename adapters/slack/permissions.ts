// Who may change a channel's digests on Slack: workspace admins and owners (read with users.info, scope
// users:read) and the Slack user ids listed in BRIEFBOT_ADMINS ("TEAM:USER" with many workspaces: a user id is
// unique only within its workspace, so there a bare one matches no one).
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Manager } from '../../src/digest/service.js';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { personKey, type Person } from './workspaces.js';

export const WHO_CAN_MANAGE = 'Slack: workspace admins and owners, or users listed in BRIEFBOT_ADMINS';

/** The fields of users.info we rely on; Slack omits the flags for some account types, so they are optional. */
const UserInfo = z.object({
  user: z.object({ is_admin: z.boolean().optional(), is_owner: z.boolean().optional(), is_primary_owner: z.boolean().optional() }),
});

/** What a failed Web API call carries: `data.error` is Slack's error string (e.g. missing_scope). */
const PlatformError = z.object({ data: z.object({ error: z.string() }) });

/**
 * True when `userId` may change this workspace's digests. BRIEFBOT_ADMINS is checked first, so the deployment's
 * own list works even without users:read. A missing scope is explained to the user (it is a setup problem, and
 * answering "only admins can…" to an admin would mislead); any other failure propagates as an internal error.
 */
export async function canManageDigests(client: webApi.WebClient, person: Person, admins: readonly string[], logger: Logger): Promise<boolean> {
  const { userId } = person;
  if (admins.includes(personKey(person))) return true;
  let res: unknown;
  try {
    res = await client.users.info({ user: userId });
  } catch (error) {
    const slackError = PlatformError.safeParse(error).data?.data.error;
    if (slackError === 'missing_scope' || slackError === 'not_allowed_token_type') {
      logger.warn({ user: userId, slackError }, 'users.info refused: the Slack app lacks the users:read scope');
      throw new UserError('CONFIG', 'I cannot check workspace roles: the briefbot Slack app is missing the users:read scope (reinstall it from the manifest). Users listed in BRIEFBOT_ADMINS can still manage digests.');
    }
    throw error;
  }
  const parsed = UserInfo.safeParse(res);
  if (!parsed.success) {
    logger.warn({ user: userId, issues: parsed.error.issues }, 'unexpected users.info payload; treating the user as not an admin');
    return false;
  }
  const u = parsed.data.user;
  return Boolean(u.is_admin || u.is_owner || u.is_primary_owner);
}

export async function manager(client: webApi.WebClient, person: Person, admins: readonly string[], logger: Logger): Promise<Manager> {
  return { id: person.userId, canManage: await canManageDigests(client, person, admins, logger), whoCan: WHO_CAN_MANAGE };
}
