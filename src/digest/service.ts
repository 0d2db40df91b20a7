// The digest verbs the adapters call: subscribe, unsubscribe, list, sources, run now. Permission to change a
// channel's digests is decided by the adapter (it knows the platform's roles) and enforced here.
import type { Config } from '../config.js';
import type { Brief } from '../domain.js';
import { UserError } from '../errors.js';
import type { DocumentStore } from '../store/port.js';
import { composeDigest, windowStart } from './compose.js';
import type { DigestRepository, Subscription } from './repository.js';
import { parseTimeOfDay, requireTimezone, TIME_FORMS } from './time.js';

export type Platform = Subscription['platform'];

export interface ChannelRef {
  platform: Platform;
  channelId: string;
}

export const WHO_CAN_MANAGE =
  'Only people who can manage this channel can change its digests (Discord: Manage Channels or Manage Server; Slack: workspace admins and owners, or users listed in BRIEFBOT_ADMINS).';

export const SUBSCRIBE_USAGE = `Usage: subscribe [time] [timezone] [weekdays] [topic] — time as ${TIME_FORMS}; timezone as an IANA name (Europe/London, America/New_York, UTC); "weekdays" to skip Saturdays and Sundays; e.g. "subscribe 08:30 Asia/Yerevan weekdays armenia".`;

export interface SubscribeArgs {
  timeOfDay: string;
  timezone: string;
  topic: string;
  weekdaysOnly: boolean;
}

/** Parses "[HH:MM] [timezone] [weekdays] [topic…]" with defaults from config. */
export function parseSubscribeArgs(text: string, config: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ'>): SubscribeArgs {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  let timeOfDay = config.DIGEST_TIME;
  let timezone = config.DIGEST_TZ;
  let weekdaysOnly = false;
  if (tokens[0] && /^\d/.test(tokens[0])) {
    const t = parseTimeOfDay(tokens[0]);
    if (!t) throw new UserError('BAD_ARGUMENT', `“${tokens[0]}” is not a time I understand. ${SUBSCRIBE_USAGE}`);
    timeOfDay = t;
    tokens.shift();
  }
  if (tokens[0] && (tokens[0].includes('/') || /^(utc|gmt)$/i.test(tokens[0]))) {
    timezone = requireTimezone(tokens.shift()!.replace(/^(utc|gmt)$/i, 'UTC'));
  }
  if (tokens[0] && /^weekdays?$/i.test(tokens[0])) {
    weekdaysOnly = true;
    tokens.shift();
  }
  return { timeOfDay, timezone, topic: tokens.join(' '), weekdaysOnly };
}

export function describeSubscription(s: Subscription): string {
  return `${s.timeOfDay} ${s.timezone}${s.weekdaysOnly ? ' on weekdays' : ' every day'}${s.topic ? `, about “${s.topic}”` : ''}${s.origin === 'config' ? ' (set in the configuration)' : ''}`;
}

export class DigestService {
  constructor(
    private readonly repo: DigestRepository,
    private readonly store: DocumentStore,
    private readonly config: Pick<Config, 'DIGEST_TIME' | 'DIGEST_TZ' | 'BRIEF_WINDOW_DOCS' | 'BRIEF_MAX_STORIES'>,
    private readonly now: () => Date,
  ) {}

  /** `args`: the chat text "[HH:MM] [timezone] [weekdays] [topic…]", or arguments already taken apart (Discord's options). */
  subscribe(channel: ChannelRef, args: string | SubscribeArgs, user: { id: string; canManage: boolean }): Subscription {
    if (!user.canManage) throw new UserError('BAD_ARGUMENT', WHO_CAN_MANAGE);
    if (typeof args === 'string') args = parseSubscribeArgs(args, this.config);
    else requireTimezone(args.timezone);
    return this.repo.upsert({ ...channel, ...args, postWhenEmpty: false, origin: 'chat', createdBy: user.id }, this.now());
  }

  unsubscribe(channel: ChannelRef, topic: string | undefined, user: { canManage: boolean }): number {
    if (!user.canManage) throw new UserError('BAD_ARGUMENT', WHO_CAN_MANAGE);
    return this.repo.remove(channel.platform, channel.channelId, topic?.trim() || undefined);
  }

  /** What this channel's digest would say now (nothing is recorded): for previews and the console. */
  preview(channel: ChannelRef, topic = ''): Brief {
    const sub = this.list(channel).find((s) => s.topic === topic);
    const now = this.now();
    const from = windowStart(sub && this.repo.lastWindowEnd(sub.id), now);
    return composeDigest(this.store, { topic }, { from, to: now.toISOString() }, { maxStories: this.config.BRIEF_MAX_STORIES, windowDocs: this.config.BRIEF_WINDOW_DOCS, now });
  }

  /** The digest `threadRootId` in this channel belongs to (any of its messages), when the thread hangs under one. */
  briefForThread(channel: ChannelRef, threadRootId: string): Brief | undefined {
    return this.repo.postedBrief(channel.platform, channel.channelId, threadRootId);
  }

  all(): Subscription[] {
    return this.repo.all();
  }

  list(channel: ChannelRef): Subscription[] {
    return this.repo.forChannel(channel.platform, channel.channelId);
  }

  /** Outlets feeding this channel's digest: documents per source over the last day (or since the last digest). */
  sources(channel: ChannelRef): { since: string; sources: { source: string; documents: number }[] } {
    const subs = this.list(channel);
    const ends = subs.map((s) => this.repo.lastWindowEnd(s.id)).filter((t): t is string => !!t).sort();
    const now = this.now();
    const since = windowStart(ends[0], now);
    const counts = new Map<string, number>();
    for (const d of this.store.ingestedBetween(since, now.toISOString(), this.config.BRIEF_WINDOW_DOCS)) {
      counts.set(d.source, (counts.get(d.source) ?? 0) + 1);
    }
    return { since, sources: [...counts].map(([source, documents]) => ({ source, documents })).sort((a, b) => b.documents - a.documents) };
  }
}
