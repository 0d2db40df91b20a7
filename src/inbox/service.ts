// The durable inbox as the adapters see it. A delivery (a Slack event or command, a Discord message) is accepted
// (recorded with its keys) before the platform is told it arrived, and finished when its reply is out. Work that
// a process accepted and did not finish (SIGKILL, a crash, a lost machine) is taken over by the next process that
// starts on the database: at once when the holder is a dead process on this machine, else when its lease ends.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Platform } from '../domain.js';
import type { Logger } from '../log.js';
import type { Inbox } from '../store/repositories.js';

export const INBOX_LIMITS = {
  /** How long a process holds what it accepted before another may take it over (it finishes in seconds). */
  leaseMs: 5 * 60_000,
  /** Older unfinished work is not resumed: a reply that late helps nobody, and Slack's response_url lasts 30 min. */
  resumeWithinMs: 30 * 60_000,
  /** Tries of one delivery (the first and two take-overs): work that took its process down twice is given up. */
  maxAttempts: 3,
};

export interface ResumedDelivery {
  id: number;
  /** The delivery as accepted (parsed JSON). */
  payload: unknown;
  receivedAt: string;
  /** Steps its earlier holder recorded as done (InboxVerbs.progress): parts of the reply already sent. */
  progress: number;
}

export interface InboxVerbs {
  /**
   * Records a delivery before it is acknowledged: its id, to finish it with, or undefined when a delivery with
   * one of `keys` (its event id, its message) was accepted before, by any process, since before a restart too.
   */
  accept(platform: Platform, keys: readonly (string | undefined)[], payload: unknown): Promise<number | undefined>;
  /** Its reply is out (or it needed none): it is never resumed. */
  finish(id: number): Promise<void>;
  /** `steps` parts of its reply are out: a process that resumes it sends only the rest. */
  progress(id: number, steps: number): Promise<void>;
  /** Deliveries accepted by a process that is gone and not finished: taken over by this one, oldest first. */
  resume(platform: Platform): Promise<ResumedDelivery[]>;
}

/**
 * This process, as an owner of inbox items: `host:pid:random`. The pid says whether it still runs; the random
 * part tells this run from an earlier one with the same pid (a container's bot is pid 1 after every restart).
 * One per process: apps in one process (tests) share it, and never take each other's work.
 */
const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function processOwner(): string {
  return PROCESS_OWNER;
}

/** Whether `owner` was a process on this machine that no longer runs (this process's pid in an earlier run included). */
export function ownerGone(owner: string, me: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return owner !== me;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function createInbox(inbox: Inbox, logger: Logger, now: () => Date, owner = processOwner()): InboxVerbs {
  return {
    accept(platform, keys, payload) {
      const given = keys.filter((k): k is string => Boolean(k));
      return inbox.accept(platform, given, JSON.stringify(payload), owner, now(), INBOX_LIMITS.leaseMs);
    },
    finish(id) {
      return inbox.finish(id, now());
    },
    progress(id, steps) {
      return inbox.progress(id, steps);
    },
    async resume(platform) {
      const at = now();
      const resumed: ResumedDelivery[] = [];
      for (const item of await inbox.unfinished(platform, owner, new Date(at.getTime() - INBOX_LIMITS.resumeWithinMs), 1000)) {
        if (item.leaseUntil > at.toISOString() && !ownerGone(item.owner, owner)) continue; // its holder may still be at it
        if (!(await inbox.take(item.id, item.owner, owner, at, INBOX_LIMITS.leaseMs))) continue; // another process took it
        if (item.attempts >= INBOX_LIMITS.maxAttempts) {
          logger.error({ platform, id: item.id, receivedAt: item.receivedAt, attempts: item.attempts }, 'inbox: delivery given up after repeated tries');
          await inbox.finish(item.id, at);
          continue;
        }
        logger.warn({ platform, id: item.id, receivedAt: item.receivedAt, from: item.owner }, 'inbox: resuming a delivery its process did not finish');
        resumed.push({ id: item.id, payload: JSON.parse(item.payload) as unknown, receivedAt: item.receivedAt, progress: item.progress });
      }
      return resumed;
    },
  };
}
