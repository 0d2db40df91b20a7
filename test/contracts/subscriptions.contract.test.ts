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
  const upsert = async (s: NewSubscription) => {
    const stored = await repo().upsert(s, f.clock);
    f.clock = new Date(f.clock.getTime() + 60_000);
    return stored;
  };

  it('inserts and returns the stored subscription: valid, with an id, booleans as booleans', async () => {
    const stored = await upsert(sub({ weekdaysOnly: true, createdBy: 'U1', topic: 'armenia' }));
    expect(Subscription.parse(stored)).toEqual(stored);
    expect(stored).toEqual({ ...sub({ weekdaysOnly: true, createdBy: 'U1', topic: 'armenia' }), id: expect.any(Number) });
    expect(stored.weekdaysOnly).toBe(true);
    expect(stored.postWhenEmpty).toBe(false);
    expect(await repo().all()).toEqual([stored]);
  });

  it('pause() records why and stops nothing else; upserting it again resumes it', async () => {
    const stored = await upsert(sub({ topic: 'armenia' }));
    const other = await upsert(sub({ channelId: 'C2' }));
    await repo().pause(stored.id, 'channel_not_found', f.clock);
    expect((await repo().forChannel({ platform: 'slack', channelId: 'C1' }))[0]?.pausedReason).toBe('channel_not_found');
    expect((await repo().forChannel({ platform: 'slack', channelId: 'C2' }))[0]).toEqual(other);
    expect(await upsert(sub({ topic: 'armenia', timeOfDay: '09:00' }))).toEqual({ ...stored, timeOfDay: '09:00' });
    expect((await repo().forChannel({ platform: 'slack', channelId: 'C1' }))[0]?.pausedReason).toBeUndefined();
  });

  it('leaves createdBy absent when none was given', async () => {
    const stored = await upsert(sub({ origin: 'config' }));
    expect(stored.createdBy).toBeUndefined();
    expect((await repo().all())[0]?.createdBy).toBeUndefined();
    expect((await repo().all())[0]?.origin).toBe('config');
  });

  it('updates the schedule of the same (platform, channel, topic) in place, keeping its id', async () => {
    const first = await upsert(sub({ topic: 'armenia' }));
    const again = await upsert(sub({ topic: 'armenia', timeOfDay: '17:30', timezone: 'Asia/Yerevan', weekdaysOnly: true, postWhenEmpty: true }));
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ timeOfDay: '17:30', timezone: 'Asia/Yerevan', weekdaysOnly: true, postWhenEmpty: true });
    expect(await repo().all()).toEqual([again]);
  });

  it('keeps one subscription per topic in a channel, and per channel and platform', async () => {
    const rows = [
      await upsert(sub({ topic: '' })), await upsert(sub({ topic: 'armenia' })), await upsert(sub({ topic: 'georgia' })),
      await upsert(sub({ channelId: 'C2' })), await upsert(sub({ platform: 'discord' })),
    ];
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(await repo().all()).toHaveLength(5);
  });

  it('all(): oldest first; an update does not move a subscription', async () => {
    const a = await upsert(sub({ channelId: 'C-a' }));
    const b = await upsert(sub({ channelId: 'C-b' }));
    const c = await upsert(sub({ channelId: 'C-c' }));
    await upsert(sub({ channelId: 'C-a', timeOfDay: '09:15' }));
    expect((await repo().all()).map((s) => s.id)).toEqual([a.id, b.id, c.id]);
    expect((await repo().all())[0]?.timeOfDay).toBe('09:15');
  });

  it('forChannel(): only that platform and channel, every topic', async () => {
    const mine = [await upsert(sub({ topic: '' })), await upsert(sub({ topic: 'armenia' }))];
    await upsert(sub({ platform: 'discord' }));
    await upsert(sub({ channelId: 'C2' }));
    await upsert(sub({ channelId: 'c1' }));
    const byId = (xs: Subscription[]) => [...xs].sort((x, y) => x.id - y.id);
    expect(byId(await repo().forChannel({ platform: 'slack', channelId: 'C1' }))).toEqual(byId(mine));
    expect(await repo().forChannel({ platform: 'discord', channelId: 'C1' })).toHaveLength(1);
    expect(await repo().forChannel({ platform: 'console', channelId: 'C1' })).toEqual([]);
    expect(await repo().forChannel({ platform: 'slack', channelId: 'nowhere' })).toEqual([]);
  });

  it('remove() with a topic removes only that topic and returns 1 (0 when there is none)', async () => {
    await upsert(sub({ topic: '' }));
    await upsert(sub({ topic: 'armenia' }));
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' }, 'armenia')).toBe(1);
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' }, 'armenia')).toBe(0);
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' }, 'georgia')).toBe(0);
    expect((await repo().forChannel({ platform: 'slack', channelId: 'C1' })).map((s) => s.topic)).toEqual(['']);
  });

  it('remove() with an empty topic removes only the topic-less subscription', async () => {
    await upsert(sub({ topic: '' }));
    await upsert(sub({ topic: 'armenia' }));
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' }, '')).toBe(1);
    expect((await repo().forChannel({ platform: 'slack', channelId: 'C1' })).map((s) => s.topic)).toEqual(['armenia']);
  });

  it('remove() without a topic removes every subscription of that channel on that platform, and no other', async () => {
    await upsert(sub({ topic: '' }));
    await upsert(sub({ topic: 'armenia' }));
    const others = [await upsert(sub({ platform: 'discord' })), await upsert(sub({ channelId: 'C2' }))];
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' })).toBe(2);
    expect(await repo().remove({ platform: 'slack', channelId: 'C1' })).toBe(0);
    expect(await repo().all()).toEqual(others);
  });

  it('a removed subscription can be created again', async () => {
    await upsert(sub({ topic: 'armenia' }));
    await repo().remove({ platform: 'slack', channelId: 'C1' });
    const again = await upsert(sub({ topic: 'armenia', timeOfDay: '10:00' }));
    expect(await repo().all()).toEqual([again]);
  });

  it('keys by workspace too: the same channel and topic in two workspaces are two subscriptions, each found and removed alone', async () => {
    const a = await upsert(sub({ workspaceId: 'T-A' }));
    const b = await upsert(sub({ workspaceId: 'T-B' }));
    const single = await upsert(sub({}));
    expect(new Set([a.id, b.id, single.id]).size).toBe(3);
    expect(a.workspaceId).toBe('T-A');
    expect(single.workspaceId).toBeUndefined();
    expect(await repo().forChannel({ platform: 'slack', channelId: 'C1', workspaceId: 'T-A' })).toEqual([a]);
    expect(await repo().forChannel({ platform: 'slack', channelId: 'C1' })).toEqual([single]);
    expect(await repo().remove({ platform: 'slack', channelId: 'C1', workspaceId: 'T-B' })).toBe(1);
    expect(await repo().all()).toEqual([a, single]);
    expect((await upsert(sub({ workspaceId: 'T-A', timeOfDay: '07:00' }))).id).toBe(a.id);
  });

  it('stores hostile text verbatim in channel ids, topics and creators', async () => {
    const stored = await upsert(sub({ channelId: "C'; DROP TABLE subscriptions;--", topic: '<!channel> @everyone “Ереван” 🎉', createdBy: '<@U1>' }));
    expect(await repo().forChannel({ platform: 'slack', channelId: "C'; DROP TABLE subscriptions;--" })).toEqual([stored]);
    expect(stored.topic).toBe('<!channel> @everyone “Ереван” 🎉');
    expect(stored.createdBy).toBe('<@U1>');
  });
});
