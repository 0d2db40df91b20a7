// How often one person, and one channel, may ask for a brief or an answer (USER_REQUESTS_PER_MINUTE,
// CHANNEL_REQUESTS_PER_MINUTE): past it, a friendly "try again in N s" instead of the work, so one person cannot
// keep the bot busy for everyone. Kept in memory per process: a restart forgives everyone.
import type { Config } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { BoundedMap } from './bounded-map.js';

const WINDOW_MS = 60_000;
/** People and channels remembered at once; the least recently active are forgotten first. */
const REMEMBERED = 10_000;

export class Cooldowns {
  private readonly users: BoundedMap<string, number[]>;
  private readonly channels: BoundedMap<string, number[]>;

  constructor(
    private readonly perUser: number,
    private readonly perChannel: number,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new BoundedMap({ max: REMEMBERED, ttlMs: WINDOW_MS, now });
    this.channels = new BoundedMap({ max: REMEMBERED, ttlMs: WINDOW_MS, now });
  }

  static from(config: Pick<Config, 'USER_REQUESTS_PER_MINUTE' | 'CHANNEL_REQUESTS_PER_MINUTE'>): Cooldowns {
    return new Cooldowns(config.USER_REQUESTS_PER_MINUTE, config.CHANNEL_REQUESTS_PER_MINUTE);
  }

  /** Counts one request of `userId` in `channelId`, or throws a UserError saying when to try again (a limit of 0 is none). */
  take(userId: string, channelId: string): void {
    const at = this.now();
    const user = this.recent(this.users, userId, at);
    const channel = this.recent(this.channels, channelId, at);
    if (this.perUser > 0 && user.length >= this.perUser) throw this.wait('You are asking faster than I can keep up', user[0]!, at);
    if (this.perChannel > 0 && channel.length >= this.perChannel) throw this.wait('This channel is asking faster than I can keep up', channel[0]!, at);
    this.users.set(userId, [...user, at]);
    this.channels.set(channelId, [...channel, at]);
  }

  private recent(map: BoundedMap<string, number[]>, key: string, at: number): number[] {
    return (map.get(key) ?? []).filter((t) => t > at - WINDOW_MS);
  }

  private wait(who: string, oldest: number, at: number): UserError {
    const seconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - at) / 1000));
    return new UserError('RATE_LIMITED', `${who}: try again in ${seconds} s.`);
  }
}
