// Contract of the SubscriptionRepository port (src/store/repositories.ts), for every backend.
import { describe, expect, it } from 'vitest';
import { Subscription, type NewSubscription } from '../../src/domain.js';
import { backends, storagePerTest } from './backends.js';

const sub = (over: Partial<NewSubscription> = {}): NewSubscription => ({
  platform: 'slack', channelId: 'C1', timeOfDay: '08:00', timezone: 'UTC', topic: '',
  weekdaysOnly: false, postWhenEmpty: false, origin: 'chat', ...over,
});

describe.each(backends)('SubscriptionRepository contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T07:00:00.000Z');
  const repo = () => f.storage.subscriptions;
  /** Upserts at the f.clock, then moves the f.clock on a minute. */
  const upsert = (s: NewSubscription) => {
    const stored = repo().upsert(s, f.clock);
    f.clock = new Date(f.clock.getTime() + 60_000);
    return stored;
  };

  it('inserts and returns the stored subscription: valid, with an id, booleans as booleans', () => {
    const stored = upsert(sub({ weekdaysOnly: true, createdBy: 'U1', topic: 'armenia' }));
    expect(Subscription.parse(stored)).toEqual(stored);
    expect(stored).toEqual({ ...sub({ weekdaysOnly: true, createdBy: 'U1', topic: 'armenia' }), id: expect.any(Number) });
    expect(stored.weekdaysOnly).toBe(true);
    expect(stored.postWhenEmpty).toBe(false);
    expect(repo().all()).toEqual([stored]);
  });

  it('pause() records why and stops nothing else; upserting it again resumes it', () => {
    const stored = upsert(sub({ topic: 'armenia' }));
    const other = upsert(sub({ channelId: 'C2' }));
    repo().pause(stored.id, 'channel_not_found', f.clock);
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1' })[0]?.pausedReason).toBe('channel_not_found');
    expect(repo().forChannel({ platform: 'slack', channelId: 'C2' })[0]).toEqual(other);
    expect(upsert(sub({ topic: 'armenia', timeOfDay: '09:00' }))).toEqual({ ...stored, timeOfDay: '09:00' });
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1' })[0]?.pausedReason).toBeUndefined();
  });

  it('leaves createdBy absent when none was given', () => {
    const stored = upsert(sub({ origin: 'config' }));
    expect(stored.createdBy).toBeUndefined();
    expect(repo().all()[0]?.createdBy).toBeUndefined();
    expect(repo().all()[0]?.origin).toBe('config');
  });

  it('updates the schedule of the same (platform, channel, topic) in place, keeping its id', () => {
    const first = upsert(sub({ topic: 'armenia' }));
    const again = upsert(sub({ topic: 'armenia', timeOfDay: '17:30', timezone: 'Asia/Yerevan', weekdaysOnly: true, postWhenEmpty: true }));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ timeOfDay: '17:30', timezone: 'Asia/Yerevan', weekdaysOnly: true, postWhenEmpty: true });
    expect(repo().all()).toEqual([again]);
  });

  it('keeps one subscription per topic in a channel, and per channel and platform', () => {
    const rows = [
      upsert(sub({ topic: '' })), upsert(sub({ topic: 'armenia' })), upsert(sub({ topic: 'georgia' })),
      upsert(sub({ channelId: 'C2' })), upsert(sub({ platform: 'discord' })),
    ];
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(repo().all()).toHaveLength(5);
  });

  it('all(): oldest first; an update does not move a subscription', () => {
    const a = upsert(sub({ channelId: 'C-a' }));
    const b = upsert(sub({ channelId: 'C-b' }));
    const c = upsert(sub({ channelId: 'C-c' }));
    upsert(sub({ channelId: 'C-a', timeOfDay: '09:15' }));
    expect(repo().all().map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect(repo().all()[0]?.timeOfDay).toBe('09:15');
  });

  it('forChannel(): only that platform and channel, every topic', () => {
    const mine = [upsert(sub({ topic: '' })), upsert(sub({ topic: 'armenia' }))];
    upsert(sub({ platform: 'discord' }));
    upsert(sub({ channelId: 'C2' }));
    upsert(sub({ channelId: 'c1' }));
    const byId = (xs: Subscription[]) => [...xs].sort((x, y) => x.id - y.id);
    expect(byId(repo().forChannel({ platform: 'slack', channelId: 'C1' }))).toEqual(byId(mine));
    expect(repo().forChannel({ platform: 'discord', channelId: 'C1' })).toHaveLength(1);
    expect(repo().forChannel({ platform: 'console', channelId: 'C1' })).toEqual([]);
    expect(repo().forChannel({ platform: 'slack', channelId: 'nowhere' })).toEqual([]);
  });

  it('remove() with a topic removes only that topic and returns 1 (0 when there is none)', () => {
    upsert(sub({ topic: '' }));
    upsert(sub({ topic: 'armenia' }));
    expect(repo().remove({ platform: 'slack', channelId: 'C1' }, 'armenia')).toBe(1);
    expect(repo().remove({ platform: 'slack', channelId: 'C1' }, 'armenia')).toBe(0);
    expect(repo().remove({ platform: 'slack', channelId: 'C1' }, 'georgia')).toBe(0);
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1' }).map((s) => s.topic)).toEqual(['']);
  });

  it('remove() with an empty topic removes only the topic-less subscription', () => {
    upsert(sub({ topic: '' }));
    upsert(sub({ topic: 'armenia' }));
    expect(repo().remove({ platform: 'slack', channelId: 'C1' }, '')).toBe(1);
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1' }).map((s) => s.topic)).toEqual(['armenia']);
  });

  it('remove() without a topic removes every subscription of that channel on that platform, and no other', () => {
    upsert(sub({ topic: '' }));
    upsert(sub({ topic: 'armenia' }));
    const others = [upsert(sub({ platform: 'discord' })), upsert(sub({ channelId: 'C2' }))];
    expect(repo().remove({ platform: 'slack', channelId: 'C1' })).toBe(2);
    expect(repo().remove({ platform: 'slack', channelId: 'C1' })).toBe(0);
    expect(repo().all()).toEqual(others);
  });

  it('a removed subscription can be created again', () => {
    upsert(sub({ topic: 'armenia' }));
    repo().remove({ platform: 'slack', channelId: 'C1' });
    const again = upsert(sub({ topic: 'armenia', timeOfDay: '10:00' }));
    expect(repo().all()).toEqual([again]);
  });

  it('keys by workspace too: the same channel and topic in two workspaces are two subscriptions, each found and removed alone', () => {
    const a = upsert(sub({ workspaceId: 'T-A' }));
    const b = upsert(sub({ workspaceId: 'T-B' }));
    const single = upsert(sub({}));
    expect(new Set([a.id, b.id, single.id]).size).toBe(3);
    expect(a.workspaceId).toBe('T-A');
    expect(single.workspaceId).toBeUndefined();
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1', workspaceId: 'T-A' })).toEqual([a]);
    expect(repo().forChannel({ platform: 'slack', channelId: 'C1' })).toEqual([single]);
    expect(repo().remove({ platform: 'slack', channelId: 'C1', workspaceId: 'T-B' })).toBe(1);
    expect(repo().all()).toEqual([a, single]);
    expect(upsert(sub({ workspaceId: 'T-A', timeOfDay: '07:00' })).id).toBe(a.id);
  });

  it('stores hostile text verbatim in channel ids, topics and creators', () => {
    const stored = upsert(sub({ channelId: "C'; DROP TABLE subscriptions;--", topic: '<!channel> @everyone “Ереван” 🎉', createdBy: '<@U1>' }));
    expect(repo().forChannel({ platform: 'slack', channelId: "C'; DROP TABLE subscriptions;--" })).toEqual([stored]);
    expect(stored.topic).toBe('<!channel> @everyone “Ереван” 🎉');
    expect(stored.createdBy).toBe('<@U1>');
  });
});
