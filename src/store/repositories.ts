// The storage ports besides documents: subscriptions, the digest ledger, posted digests and feedback.
// The core sees only these interfaces; sqlite/ implements them (the default), another backend implements the
// same ones and runs the same contract suites (test/contracts/).
import type { Brief, ChannelAddress, Feedback, FeedbackContext, FeedKind, NewSource, NewSubscription, Platform, Source, Subscription, Vote } from '../domain.js';
import type { DocumentStore } from './port.js';
import type { Promised } from './promised.js';

export interface SyncSubscriptionRepository {
  /** Inserts, or updates the schedule of the channel's subscription with the same topic (resuming it if paused); returns the stored row. */
  upsert(sub: NewSubscription, now: Date): Subscription;
  /** Stops its digests until it is subscribed again (upsert), recording why. */
  pause(id: number, reason: string, now: Date): void;
  /** Every subscription, oldest first. */
  all(): Subscription[];
  forChannel(channel: ChannelAddress): Subscription[];
  /** Removes the channel's subscriptions (only the one about `topic` when given); returns how many. */
  remove(channel: ChannelAddress, topic?: string): number;
}

export type DeliveryStatus = 'claimed' | 'sending' | 'delivered' | 'skipped' | 'failed' | 'uncertain';

export interface Delivery {
  subscriptionId: number;
  localDate: string;
  status: DeliveryStatus;
  claimedBy: string;
  attempts: number;
  windowFrom?: string;
  windowTo?: string;
  error?: string;
}

export interface DeliveryUpdate {
  subscriptionId: number;
  localDate: string;
  /** Only the claim's owner can move it on. */
  owner: string;
  status: DeliveryStatus;
  now: Date;
  windowFrom?: string;
  windowTo?: string;
  /** Added to the attempts so far. */
  attempts?: number;
  error?: string;
}

/**
 * One row per (subscription, local date): the unique claim is what makes a digest go out once, across restarts
 * and across processes sharing the database.
 */
export interface SyncDigestLedger {
  /** True when `owner` now holds the claim: a new one, or one whose owner let its lease (`leaseMs`) run out before sending. */
  claim(subscriptionId: number, localDate: string, owner: string, now: Date, leaseMs: number): boolean;
  /**
   * Moves the claim on; false, changing nothing, when `owner` no longer holds it (another process took it over after
   * its lease ran out): that process delivers it, and this one must not send it too.
   */
  setStatus(update: DeliveryUpdate): boolean;
  /**
   * Hands back a claim `owner` holds with nothing in flight (claimed, or sending between two failed attempts: a
   * process shutting down): it becomes a claim whose lease has run out, which the next run takes over at once.
   */
  release(subscriptionId: number, localDate: string, owner: string): boolean;
  /** Marks deliveries left in 'sending' since before `olderThan` as 'uncertain' (never re-sent) and returns them. */
  abandonInterrupted(olderThan: Date): { subscriptionId: number; localDate: string }[];
  delivery(subscriptionId: number, localDate: string): Delivery | undefined;
  /** End of the window covered by the subscription's last digest that was delivered or skipped as empty. */
  lastWindowEnd(subscriptionId: number): string | undefined;
}

/** Digests as posted, under every one of their messages, so a question under any of them is answered from it. */
export interface SyncPostedDigests {
  /** `messageIds`: the digest's messages, first first; nothing is recorded when there are none. */
  record(platform: Platform, channelId: string, messageIds: readonly string[], brief: Brief, now: Date): void;
  /** The digest that `messageId` in this channel is part of, if it is one. */
  find(platform: Platform, channelId: string, messageId: string): Brief | undefined;
}

/** What each 👍/👎 button rates (by platform and the short key its button carries), the votes, and their record. */
export interface SyncFeedbackRepository {
  /** Stores what the button `key` rates; keys are unique, so a repeated key throws. */
  remember(platform: string, key: string, context: FeedbackContext): void;
  context(platform: string, key: string): FeedbackContext | undefined;
  /** Records `userId`'s vote on the remembered `key`; false when it repeats that user's last vote there. */
  vote(platform: string, key: string, userId: string, vote: Vote): boolean;
  /** Appends a vote with what it rates to the feedback record. */
  record(feedback: Feedback): void;
  /** The feedback record, oldest first. */
  all(): Feedback[];
  /** Drops contexts (and their votes) created before `before`; returns how many. */
  prune(before: Date): number;
}

/** What one poll of a source found, recorded with its items in one step. */
export interface PollOutcome {
  at: Date;
  nextPollAt: Date;
  ok: boolean;
  /** Why the poll failed (when not ok): one line for `sources list`. */
  error?: string;
  /** The feed's format and title, as read (a source without a name takes the title). */
  kind?: FeedKind;
  title?: string;
  /** Validators for the next conditional GET (kept as they were when not given). */
  etag?: string;
  lastModified?: string;
  /** New documents stored by this poll. */
  stored: number;
}

/** An item taken from a source: its GUID, and the document it became (none when it was skipped). */
export interface TakenItem {
  guid: string;
  documentId?: string;
}

export interface SyncSourceRepository {
  /** Adds a source, or returns the one with the same URL (its name updated when one is given). */
  add(source: NewSource, now: Date): { source: Source; created: boolean };
  /** Every source, oldest first. */
  all(): Source[];
  get(id: number): Source | undefined;
  byUrl(url: string): Source | undefined;
  /** Removes the source and its item records (its documents stay in the store); false when there was none. */
  remove(id: number): boolean;
  /** Sources whose next poll is at or before `now`, soonest first. */
  due(now: Date, limit: number): Source[];
  /**
   * Takes the poll of a source due at `now`: its next poll moves to `until` (a lease), so that no other process
   * sharing the database polls it meanwhile; the poll's recordPoll sets the next one, and a poller that dies leaves
   * it due again at `until`. False, changing nothing, when it is not due (another process took it first).
   */
  claim(sourceId: number, now: Date, until: Date): boolean;
  /** Which of `guids` this source has already given. */
  seen(sourceId: number, guids: readonly string[]): Set<string>;
  /** Records a poll's outcome and the items it took (failures: none); a success resets the failure count. */
  recordPoll(sourceId: number, outcome: PollOutcome, items: readonly TakenItem[]): void;
}

/**
 * Platform deliveries already taken on (a Slack event, a message): a platform delivers the same one again (Slack
 * retries, Socket Mode re-delivery, a re-sent event after the bot restarted), and each must be answered once, also
 * across restarts and across processes sharing the database.
 */
export interface SyncHandledEvents {
  /**
   * True, and records every key, when none of `keys` (ids of one delivery: its event id, its message) was
   * recorded for `platform`; false, recording nothing, when one was. Atomic across processes.
   */
  claim(platform: Platform, keys: readonly string[], now: Date): boolean;
  /** Forgets keys recorded before `before` (a platform re-delivers within minutes); returns how many. */
  prune(before: Date): number;
}

/** A delivery recorded in the inbox: held by one process (`owner`) until it is finished or its lease runs out. */
export interface InboxItem {
  id: number;
  platform: Platform;
  /** The delivery as received (JSON text), enough to do the work again. */
  payload: string;
  receivedAt: string;
  owner: string;
  leaseUntil: string;
  /** Times it was taken on: 1 when accepted, one more at each take-over. */
  attempts: number;
  /** Steps of its work done so far (the parts of a reply already sent), as its holder recorded them. */
  progress: number;
}

/**
 * Deliveries recorded before they are acknowledged and finished when their work is done (the answer posted), so
 * that work acknowledged and then lost with its process is done by the next one, and done once.
 */
export interface SyncInbox {
  /**
   * Records a delivery held by `owner` for `leaseMs`, unless one of `keys` was recorded before (HandledEvents.claim,
   * in the same transaction): its id, or undefined for a repeat.
   */
  accept(platform: Platform, keys: readonly string[], payload: string, owner: string, now: Date, leaseMs: number): number | undefined;
  /** Marks it done: it is never taken again. */
  finish(id: number, now: Date): void;
  /** Records that `steps` steps of its work are done (a resumed delivery skips them). */
  progress(id: number, steps: number): void;
  /** Unfinished deliveries of `platform` held by another owner than `owner`, received at or after `since`, oldest first. */
  unfinished(platform: Platform, owner: string, since: Date, limit: number): InboxItem[];
  /** Moves an unfinished item from owner `from` to `to` (a new lease, one more attempt); false when it was finished or taken since. */
  take(id: number, from: string, to: string, now: Date, leaseMs: number): boolean;
  /** Drops items received before `before`, finished or not; returns how many. */
  prune(before: Date): number;
}

/**
 * Slack OAuth installations (SLACK_CLIENT_ID…), one per workspace (team id): its bot token and ids, as Bolt's
 * installer hands them over. The store keeps them as JSON and knows nothing of their shape; the Slack adapter
 * validates what it reads.
 */
export interface SyncInstallationRepository {
  /** Inserts or replaces (a reinstall carries new scopes or a new token). */
  save(teamId: string, installation: unknown, now: Date): void;
  find(teamId: string): unknown;
  /** Returns how many were removed (the app uninstalled, its tokens revoked). */
  remove(teamId: string): number;
  count(): number;
}

/** The ports: each synchronous shape above with every result a promise (see port.ts). */
export type SubscriptionRepository = Promised<SyncSubscriptionRepository>;
export type DigestLedger = Promised<SyncDigestLedger>;
export type PostedDigests = Promised<SyncPostedDigests>;
export type FeedbackRepository = Promised<SyncFeedbackRepository>;
export type SourceRepository = Promised<SyncSourceRepository>;
export type HandledEvents = Promised<SyncHandledEvents>;
export type Inbox = Promised<SyncInbox>;
export type InstallationRepository = Promised<SyncInstallationRepository>;

/** The ports a transaction may use (Storage.atomically). */
export type Transaction = Pick<Storage, 'documents' | 'sources'>;

/** Everything the app keeps, behind its ports; one backend opens all of them on one database. */
export interface Storage {
  readonly documents: DocumentStore;
  readonly subscriptions: SubscriptionRepository;
  readonly ledger: DigestLedger;
  readonly posts: PostedDigests;
  readonly feedback: FeedbackRepository;
  readonly sources: SourceRepository;
  readonly events: HandledEvents;
  readonly inbox: Inbox;
  readonly installations: InstallationRepository;
  /**
   * Runs `work` as one transaction across the ports it is given (`tx`, not this Storage's own): all of its writes
   * are kept, or none, and no other call sees them before they all are (SQLite, one connection: other calls wait
   * until it ends; PostgreSQL: they run on other connections of the pool).
   */
  atomically<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Writes a consistent copy of everything to `file` (a new file) while the store stays in use; the copy opens
   * as a store of its own (restore: stop the bot, put the copy where the store was). A server database refuses
   * (its own tools, pg_dump, do this).
   */
  backup(file: string): Promise<void>;
  /** True when the database answers a trivial query now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
