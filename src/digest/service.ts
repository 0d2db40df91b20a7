// The digest verbs the adapters call: subscribe, unsubscribe, list, sources, preview. Whether a person may change a
// channel's digests is the platform's knowledge (roles, permissions): the adapter decides it and says who may, the
// core enforces it. Replies are plain text, in the same words on every platform; each adapter escapes them.
import type { Config } from '../config.js';
import type { Brief, ChannelAddress, Platform, Subscription } from '../domain.js';
import { UserError } from '../errors.js';
import type { DocumentStore } from '../store/port.js';
import type { DigestLedger, SubscriptionRepository } from '../store/repositories.js';
import { composeDigest, windowStart } from './compose.js';
import { parseSubscribeArgs, type SubscribeOptions } from './subscribe-args.js';
import { echo } from '../render/echo.js';

/** A channel, as the digest verbs see it (with its workspace on multi-workspace Slack). */
export type ChannelRef = ChannelAddress;

/** The person asking to change a channel's digests, as the platform sees them. */
export interface Manager {
  id: string;
  canManage: boolean;
  /** Who may change digests on this platform, for the refusal (e.g. "Manage Channels or Manage Server"). */
  whoCan: string;
}

export function notAllowed(whoCan: string): string {
  return `Only people who can manage this channel can change its digests (${whoCan}).`;
}

/** The one permission rule for changing a channel's digests or the followed sources from chat. */
export function requireManager(user: Manager): void {
  if (!user.canManage) throw new UserError('FORBIDDEN', notAllowed(user.whoCan));
}

export function describeSubscription(s: Subscription): string {
  const paused = s.pausedReason === undefined ? '' : ` (paused: I could not post here, ${s.pausedReason}; subscribe again to resume)`;
  return `${s.timeOfDay} ${s.timezone}${s.weekdaysOnly ? ' on weekdays' : ' every day'}${s.topic ? `, about “${echo(s.topic)}”` : ''}${s.origin === 'config' ? ' (set in the configuration)' : ''}${paused}`;
}

/** `where`: "this channel", or "this conversation" for a direct message. */
export function subscribedReply(sub: Subscription, where: string): string {
  return `Done: ${where} gets a digest at ${describeSubscription(sub)}.`;
}

export function unsubscribedReply(removed: number, topic: string | undefined, where: string): string {
  const about = topic ? ` about “${echo(topic)}”` : '';
  return removed === 0 ? `No digest${about} in ${where}; nothing changed.` : `Stopped ${removed} digest${removed === 1 ? '' : 's'}${about} in ${where}.`;
}

export interface DigestDeps {
  documents: DocumentStore;
  subscriptions: SubscriptionRepository;
  ledger: DigestLedger;
}

export class DigestService {
  constructor(
    private readonly deps: DigestDeps,
    private readonly config: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ' | 'BRIEF_WINDOW_DOCS' | 'BRIEF_MAX_STORIES'>,
    private readonly now: () => Date,
  ) {}

  /** `args`: the chat text "[HH:MM] [timezone] [weekdays] [topic…]", or named options (Discord). */
  async subscribe(channel: ChannelRef, args: string | SubscribeOptions, user: Manager): Promise<Subscription> {
    requireManager(user);
    const parsed = parseSubscribeArgs(args, this.config);
    return this.deps.subscriptions.upsert({ ...channel, ...parsed, postWhenEmpty: false, origin: 'chat', createdBy: user.id }, this.now());
  }

  async unsubscribe(channel: ChannelRef, topic: string | undefined, user: Manager): Promise<number> {
    requireManager(user);
    return this.deps.subscriptions.remove(channel, topic?.trim() || undefined);
  }

  /** What this channel's digest would say now (nothing is recorded): for previews and the console. */
  async preview(channel: ChannelRef, topic = ''): Promise<Brief> {
    const sub = (await this.list(channel)).find((s) => s.topic === topic);
    const now = this.now();
    const from = windowStart(sub && (await this.deps.ledger.lastWindowEnd(sub.id)), now);
    return composeDigest(this.deps.documents, { topic }, { from, to: now.toISOString() }, { maxStories: this.config.BRIEF_MAX_STORIES, windowDocs: this.config.BRIEF_WINDOW_DOCS, now });
  }

  all(): Promise<Subscription[]> {
    return this.deps.subscriptions.all();
  }

  /**
   * Pauses the digests of channels the bot can no longer post to, as the platform announced it: `channelIds`, or
   * all of the platform's when omitted (the app was uninstalled), only in `workspaceId` when given (a workspace
   * uninstalled it, the others keep theirs). Returns how many; subscribing again resumes.
   */
  async pauseChannels(platform: Platform, reason: string, scope: { channelIds?: readonly string[]; workspaceId?: string } = {}): Promise<number> {
    const { channelIds, workspaceId } = scope;
    const affected = (await this.all()).filter(
      (s) => s.platform === platform && s.pausedReason === undefined && (!channelIds || channelIds.includes(s.channelId)) && (!workspaceId || s.workspaceId === workspaceId),
    );
    for (const s of affected) await this.deps.subscriptions.pause(s.id, reason, this.now());
    return affected.length;
  }

  list(channel: ChannelRef): Promise<Subscription[]> {
    return this.deps.subscriptions.forChannel(channel);
  }

  /** Outlets feeding this channel's digest: documents per source over the last day (or since the last digest). */
  async sources(channel: ChannelRef): Promise<{ since: string; sources: { source: string; documents: number }[] }> {
    const subs = await this.list(channel);
    const ends = (await Promise.all(subs.map((s) => this.deps.ledger.lastWindowEnd(s.id)))).filter((t): t is string => !!t).sort();
    const now = this.now();
    const since = windowStart(ends[0], now);
    const counts = new Map<string, number>();
    for (const d of await this.deps.documents.ingestedBetween(since, now.toISOString(), this.config.BRIEF_WINDOW_DOCS)) {
      counts.set(d.source, (counts.get(d.source) ?? 0) + 1);
    }
    return { since, sources: [...counts].map(([source, documents]) => ({ source, documents })).sort((a, b) => b.documents - a.documents) };
  }
}
