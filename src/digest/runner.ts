// Runs the digests that are due: claim in the ledger, compose, deliver (retrying transient failures), record.
// Exactly once per (subscription, local date): the claim is a unique row; a crash before sending leaves a
// claim another run takes over after its lease; a crash while sending is marked 'uncertain', never re-sent.
import type { Brief, Platform, Subscription } from '../domain.js';
import { BotError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { DocumentStore } from '../store/port.js';
import type { DigestLedger, PostedDigests, SubscriptionRepository } from '../store/repositories.js';
import { composeDigest, windowStart } from './compose.js';
import { localTime, minutesOf } from './time.js';

/** Where a digest goes: one platform's channels. */
/** The channel a digest goes to, and its workspace where the platform has many (multi-workspace Slack). */
export type Destination = Pick<Subscription, 'channelId' | 'workspaceId'>;

export interface DigestOutlet {
  /**
   * Posts a brief to a channel, split across messages when it exceeds platform limits. Resolves to the ids of
   * every message posted, first first (Slack ts, Discord message id), so that questions asked under any of them
   * are answered from that digest first.
   *
   * `accepted`: ids of the messages the platform already accepted in an earlier try, first first. The outlet
   * posts only the rest (a digest's later messages go on in the first one's thread, where the platform has one)
   * and appends each id as its message is accepted, so a try that fails at message k leaves k - 1 ids there.
   */
  post(to: Destination, brief: Brief, accepted?: string[]): Promise<string[]>;
  /** True when a failed post is worth retrying (rate limit, server error, network); false for a lost channel. */
  isTransient(error: unknown): boolean;
  /** Sends a person a direct message (to say their channel's digest was paused), in `workspaceId` when there are many. */
  tell?(userId: string, text: string, workspaceId?: string): Promise<void>;
}

/** The outlet that delivers a platform's digests, or undefined when that platform is not served here. */
export type OutletFor = (platform: Platform) => DigestOutlet | undefined;

export interface RunnerDeps {
  documents: DocumentStore;
  subscriptions: SubscriptionRepository;
  ledger: DigestLedger;
  posts: PostedDigests;
}

export interface RunnerOptions {
  /** How long after the scheduled time a missed digest is still sent (same local day only). */
  graceMinutes: number;
  maxStories: number;
  windowDocs: number;
  /** Identifies this process in the ledger. */
  owner: string;
  leaseMs?: number;
  retries?: number;
  /** Waits between retries; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Told each run's result (metrics). */
  onResult?: (result: RunResult) => void;
  /** Longest one delivery may take before it is given up as uncertain, so one hung call cannot stall every other channel (default 2 min). */
  postTimeoutMs?: number;
  /** A step between composing a digest and posting it: the language model writing its key points (llm/brief.ts). */
  rewrite?: (brief: Brief) => Promise<Brief>;
}

class PostTimeout extends Error {}

export interface RunResult {
  subscriptionId: number;
  localDate: string;
  /** `released`: not sent by this process: handed back at shutdown, or taken over by another after its lease ran out. */
  status: 'delivered' | 'skipped' | 'failed' | 'released';
  error?: string;
}

/** The local date whose digest is due at `now`, or undefined. */
export function dueDate(sub: Subscription, now: Date, graceMinutes: number): string | undefined {
  const local = localTime(now, sub.timezone);
  if (sub.weekdaysOnly && (local.weekday === 0 || local.weekday === 6)) return undefined;
  const late = local.minutes - minutesOf(sub.timeOfDay);
  return late >= 0 && late <= graceMinutes ? local.date : undefined;
}

export class DigestRunner {
  private readonly leaseMs: number;
  private readonly retries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly postTimeoutMs: number;
  private stopping = false;
  /** Ends a wait between retries early (stop()). */
  private wake: () => void = () => {};

  constructor(
    private readonly deps: RunnerDeps,
    private readonly outlets: OutletFor,
    private readonly logger: Logger,
    private readonly options: RunnerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
    this.retries = options.retries ?? 3;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.postTimeoutMs = options.postTimeoutMs ?? 2 * 60_000;
  }

  /**
   * At shutdown: no digest is claimed any more, and one waiting to retry is handed back (ledger.release) for the
   * next process to deliver, rather than left 'sending', which is never re-sent. A post in flight finishes.
   */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  /** Runs every due digest; one channel's failure does not stop the others. */
  async runDue(now: Date, filter: (s: Subscription) => boolean = () => true): Promise<RunResult[]> {
    for (const lost of await this.deps.ledger.abandonInterrupted(new Date(now.getTime() - this.leaseMs))) {
      this.logger.error(lost, 'digest was interrupted while sending; not re-sent, to avoid a duplicate');
    }
    const results: RunResult[] = [];
    for (const sub of (await this.deps.subscriptions.all()).filter(filter)) {
      if (this.stopping) break;
      if (sub.pausedReason !== undefined) continue; // until someone subscribes the channel again
      const localDate = dueDate(sub, now, this.options.graceMinutes);
      if (!localDate) continue;
      if (!await this.deps.ledger.claim(sub.id, localDate, this.options.owner, now, this.leaseMs)) continue;
      results.push(await this.runOne(sub, localDate, now));
    }
    return results;
  }

  /** Sends one subscription's digest now, for its current local date, unless that date's digest already went out. */
  async runNow(sub: Subscription, now: Date): Promise<RunResult | undefined> {
    const localDate = localTime(now, sub.timezone).date;
    if (!await this.deps.ledger.claim(sub.id, localDate, this.options.owner, now, this.leaseMs)) return undefined;
    return this.runOne(sub, localDate, now);
  }

  private async runOne(sub: Subscription, localDate: string, now: Date): Promise<RunResult> {
    const result = await this.attempt(sub, localDate, now);
    this.options.onResult?.(result);
    return result;
  }

  private async attempt(sub: Subscription, localDate: string, now: Date): Promise<RunResult> {
    const key = { subscriptionId: sub.id, localDate, owner: this.options.owner, now };
    const window = { from: windowStart(await this.deps.ledger.lastWindowEnd(sub.id), now), to: now.toISOString() };
    let brief: Brief;
    try {
      brief = await composeDigest(this.deps.documents, sub, window, { maxStories: this.options.maxStories, windowDocs: this.options.windowDocs, now });
    } catch (e) {
      await this.deps.ledger.setStatus({ ...key, status: 'failed', error: errorMessage(e) });
      this.logger.error({ err: e, subscription: sub.id }, 'digest could not be composed');
      return { subscriptionId: sub.id, localDate, status: 'failed', error: errorMessage(e) };
    }
    if (brief.stories.length === 0 && !sub.postWhenEmpty) {
      await this.deps.ledger.setStatus({ ...key, status: 'skipped', windowFrom: window.from, windowTo: window.to });
      return { subscriptionId: sub.id, localDate, status: 'skipped' };
    }
    // the model's points, when one is configured; it falls back to the composed points itself, never fails the digest
    if (this.options.rewrite) brief = await this.options.rewrite(brief).catch(() => brief);
    if (!(await this.deps.ledger.setStatus({ ...key, status: 'sending', windowFrom: window.from, windowTo: window.to }))) {
      // composing outlasted the claim's lease and another process took it over: it sends this digest, not this one
      this.logger.warn({ subscription: sub.id, localDate }, 'digest claim taken over by another process while composing; not sent here');
      return { subscriptionId: sub.id, localDate, status: 'released' };
    }
    const outlet = this.outlets(sub.platform);
    // messages accepted by earlier tries: a retry goes on from the first one not accepted, never re-posts
    const accepted: string[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        // a platform not served here is a permanent failure (its digest would never go out by retrying)
        if (!outlet) throw new BotError('NO_ADAPTER', `no ${sub.platform} adapter is running (set its token to deliver digests there)`);
        const messageIds = await this.bounded(outlet.post(sub, brief, accepted));
        await this.deps.ledger.setStatus({ ...key, status: 'delivered', attempts: attempt });
        await this.deps.posts.record(sub.platform, sub.channelId, messageIds, brief, now);
        this.logger.info({ subscription: sub.id, platform: sub.platform, channel: sub.channelId, localDate, stories: brief.stories.length }, 'digest delivered');
        return { subscriptionId: sub.id, localDate, status: 'delivered' };
      } catch (e) {
        if (e instanceof PostTimeout) {
          // the platform may have it or not: never re-sent (a duplicate is worse than a gap), and the others go on
          await this.deps.ledger.setStatus({ ...key, status: 'uncertain', attempts: attempt, error: e.message });
          this.logger.error({ subscription: sub.id, platform: sub.platform, channel: sub.channelId, err: e.message }, 'digest delivery hung; given up as uncertain');
          return { subscriptionId: sub.id, localDate, status: 'failed', error: e.message };
        }
        if (outlet?.isTransient(e) && attempt <= this.retries) {
          this.logger.warn({ subscription: sub.id, attempt, err: errorMessage(e) }, 'digest delivery failed; retrying');
          if (!this.stopping) await Promise.race([this.sleep(1000 * 2 ** (attempt - 1)), new Promise<void>((r) => (this.wake = r))]);
          if (!this.stopping) continue;
          // shutting down with nothing in flight: the next process delivers it
          await this.deps.ledger.release(sub.id, localDate, this.options.owner);
          this.logger.warn({ subscription: sub.id, localDate }, 'digest handed back at shutdown, for the next run to deliver');
          return { subscriptionId: sub.id, localDate, status: 'released' };
        }
        await this.deps.ledger.setStatus({ ...key, status: 'failed', attempts: attempt, error: errorMessage(e) });
        this.logger.error({ subscription: sub.id, platform: sub.platform, channel: sub.channelId, err: errorMessage(e) }, 'digest delivery failed');
        // a channel gone or closed to the bot fails every day after: pause it and tell whoever subscribed it
        if (outlet && !outlet.isTransient(e)) await this.pause(sub, outlet, errorMessage(e), now);
        return { subscriptionId: sub.id, localDate, status: 'failed', error: errorMessage(e) };
      }
    }
  }

  private bounded<T>(post: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PostTimeout(`no answer from the platform within ${Math.round(this.postTimeoutMs / 1000)} s`)), this.postTimeoutMs);
    });
    return Promise.race([post, timeout]).finally(() => clearTimeout(timer));
  }

  private async pause(sub: Subscription, outlet: DigestOutlet, reason: string, now: Date): Promise<void> {
    await this.deps.subscriptions.pause(sub.id, reason, now);
    this.logger.warn({ subscription: sub.id, platform: sub.platform, channel: sub.channelId, reason }, 'digest paused after a permanent failure');
    if (!sub.createdBy || !outlet.tell) return;
    const text = `I could not post the daily digest to channel ${sub.channelId} (${reason}), so I paused it. Once I can post there again (invite me back, or check my permissions), subscribe again to resume it.`;
    await outlet.tell(sub.createdBy, text, sub.workspaceId).catch((e: unknown) => this.logger.warn({ err: errorMessage(e), subscription: sub.id }, 'could not tell the subscriber the digest was paused'));
  }
}
