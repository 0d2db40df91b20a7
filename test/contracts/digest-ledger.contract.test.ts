// Contract of the DigestLedger port (src/store/repositories.ts), for every backend.
import { beforeEach, describe, expect, it } from 'vitest';
import type { NewSubscription } from '../../src/domain.js';
import type { DeliveryUpdate } from '../../src/store/repositories.js';
import { backends, storagePerTest } from './backends.js';

const LEASE = 2 * 60_000;
const DAY = '2026-06-01';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00.000Z`);
const sub = (channelId: string): NewSubscription => ({
  platform: 'slack', channelId, timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat',
});

describe.each(backends)('DigestLedger contract on $name', (backend) => {
  const f = storagePerTest(backend, at('07:00').toISOString());
  let s1: number;
  let s2: number;
  // the ledger refers to subscriptions: create them through their own port
  beforeEach(async () => {
    s1 = (await f.storage.subscriptions.upsert(sub('C1'), f.clock)).id;
    s2 = (await f.storage.subscriptions.upsert(sub('C2'), f.clock)).id;
  });
  const ledger = () => f.storage.ledger;
  const claim = (owner: string, now: Date, id = s1, date = DAY) => ledger().claim(id, date, owner, now, LEASE);
  const update = (u: Partial<DeliveryUpdate> & Pick<DeliveryUpdate, 'owner' | 'status'>) =>
    ledger().setStatus({ subscriptionId: s1, localDate: DAY, now: f.clock, ...u });

  describe('claim', () => {
    it('is exclusive: the first owner gets it, a second owner does not', async () => {
      expect(await claim('A', at('08:00'))).toBe(true);
      expect(await claim('B', at('08:00'))).toBe(false);
      expect(await claim('B', at('08:01'))).toBe(false);
      expect(await ledger().delivery(s1, DAY)).toEqual({ subscriptionId: s1, localDate: DAY, status: 'claimed', claimedBy: 'A', attempts: 0 });
    });

    it('is independent across local dates and across subscriptions', async () => {
      expect(await claim('A', at('08:00'))).toBe(true);
      expect(await claim('B', at('08:00'), s1, '2026-06-02')).toBe(true);
      expect(await claim('B', at('08:00'), s2)).toBe(true);
      expect((await ledger().delivery(s2, DAY))?.claimedBy).toBe('B');
      expect((await ledger().delivery(s1, '2026-06-02'))?.claimedBy).toBe('B');
      expect(await ledger().delivery(s2, '2026-06-02')).toBeUndefined();
    });

    it('is taken over only once the lease has run out, and the old owner can then no longer move it', async () => {
      expect(await claim('A', at('08:00'))).toBe(true);
      expect(await claim('B', at('08:01'))).toBe(false);
      expect(await claim('B', at('08:03'))).toBe(true);
      expect((await ledger().delivery(s1, DAY))?.claimedBy).toBe('B');
      expect(await claim('C', at('08:04'))).toBe(false); // B's lease started anew at 08:03
      // A's move to sending after the take-over says it lost the claim (it must not send), and changes nothing
      expect(await update({ owner: 'A', status: 'sending', now: at('08:04') })).toBe(false);
      expect(await update({ owner: 'A', status: 'delivered', now: at('08:04') })).toBe(false);
      expect((await ledger().delivery(s1, DAY))?.status).toBe('claimed');
      expect(await update({ owner: 'B', status: 'sending', now: at('08:04') })).toBe(true);
    });

    it('is never taken over once its owner has moved it past "claimed", however old', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'sending', now: at('08:00') });
      expect(await claim('B', at('12:00'))).toBe(false);
      for (const status of ['delivered', 'skipped', 'failed', 'uncertain'] as const) {
        await update({ owner: 'A', status, now: at('08:01') });
        expect(await claim('B', at('23:00')), status).toBe(false);
        expect((await ledger().delivery(s1, DAY))?.claimedBy).toBe('A');
      }
    });
  });

  describe('setStatus and delivery', () => {
    it('moves a delivery on for its owner only; others change nothing', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'B', status: 'delivered', attempts: 5, windowTo: 'x', error: 'nope' });
      expect(await ledger().delivery(s1, DAY)).toEqual({ subscriptionId: s1, localDate: DAY, status: 'claimed', claimedBy: 'A', attempts: 0 });
      await update({ owner: 'A', status: 'failed', attempts: 1, error: 'channel_not_found' });
      expect(await ledger().delivery(s1, DAY)).toMatchObject({ status: 'failed', attempts: 1, error: 'channel_not_found' });
    });

    it('adds attempts up, and keeps the window when a later update leaves it out', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'sending', windowFrom: '2026-05-31T08:00:00.000Z', windowTo: '2026-06-01T08:00:00.000Z' });
      await update({ owner: 'A', status: 'sending', attempts: 1 });
      await update({ owner: 'A', status: 'delivered', attempts: 2 });
      expect(await ledger().delivery(s1, DAY)).toEqual({
        subscriptionId: s1, localDate: DAY, status: 'delivered', claimedBy: 'A', attempts: 3,
        windowFrom: '2026-05-31T08:00:00.000Z', windowTo: '2026-06-01T08:00:00.000Z',
      });
    });

    it('has no delivery for a date nobody claimed, and setStatus does not create one', async () => {
      expect(await ledger().delivery(s1, DAY)).toBeUndefined();
      await update({ owner: 'A', status: 'delivered' });
      expect(await ledger().delivery(s1, DAY)).toBeUndefined();
      expect(await ledger().delivery(9_999, DAY)).toBeUndefined();
    });
  });

  describe('release', () => {
    it("hands back its owner's claim with nothing in flight: another owner takes it over at once", async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'sending', now: at('08:00') }); // between two failed attempts
      expect(await ledger().release(s1, DAY, 'B')).toBe(false);
      expect(await ledger().release(s1, DAY, 'A')).toBe(true);
      expect((await ledger().delivery(s1, DAY))?.status).toBe('claimed');
      expect(await ledger().abandonInterrupted(at('09:00'))).toEqual([]); // no longer 'sending'
      expect(await claim('B', at('08:01'))).toBe(true);
    });

    it('leaves a finished delivery alone', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'delivered', now: at('08:00') });
      expect(await ledger().release(s1, DAY, 'A')).toBe(false);
      expect((await ledger().delivery(s1, DAY))?.status).toBe('delivered');
    });
  });

  describe('abandonInterrupted', () => {
    it('marks deliveries left sending since before the cut-off as uncertain, once, and leaves the rest', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'sending', now: at('08:00') });
      await claim('A', at('08:10'), s2);
      await ledger().setStatus({ subscriptionId: s2, localDate: DAY, owner: 'A', status: 'sending', now: at('08:10') });
      await claim('A', at('07:00'), s1, '2026-05-31'); // old, but never sent: the lease covers it, not this
      expect(await ledger().abandonInterrupted(at('08:05'))).toEqual([{ subscriptionId: s1, localDate: DAY }]);
      expect((await ledger().delivery(s1, DAY))?.status).toBe('uncertain');
      expect((await ledger().delivery(s2, DAY))?.status).toBe('sending');
      expect((await ledger().delivery(s1, '2026-05-31'))?.status).toBe('claimed');
      expect(await ledger().abandonInterrupted(at('08:05'))).toEqual([]);
      expect(await claim('B', at('12:00'))).toBe(false); // uncertain is never re-sent
    });

    it('leaves a delivery that went into sending after the cut-off, even if claimed before it', async () => {
      await claim('A', at('08:00'));
      await update({ owner: 'A', status: 'sending', now: at('08:10') }); // composing took ten minutes
      expect(await ledger().abandonInterrupted(at('08:05'))).toEqual([]);
      expect((await ledger().delivery(s1, DAY))?.status).toBe('sending');
    });
  });

  describe('lastWindowEnd', () => {
    const finish = async (date: string, owner: string, status: DeliveryUpdate['status'], windowTo: string, id = s1) => {
      await ledger().claim(id, date, owner, at('08:00'), LEASE);
      await ledger().setStatus({ subscriptionId: id, localDate: date, owner, status, now: at('08:00'), windowFrom: '2026-05-01T00:00:00.000Z', windowTo });
    };

    it('is undefined before any digest went out', async () => {
      expect(await ledger().lastWindowEnd(s1)).toBeUndefined();
      await finish(DAY, 'A', 'sending', '2026-06-01T08:00:00.000Z');
      expect(await ledger().lastWindowEnd(s1)).toBeUndefined();
    });

    it('counts only delivered or skipped digests, of that subscription, the latest window end', async () => {
      await finish('2026-05-30', 'A', 'delivered', '2026-05-30T08:00:00.000Z');
      await finish('2026-05-31', 'A', 'skipped', '2026-05-31T08:00:00.000Z');
      await finish(DAY, 'A', 'failed', '2026-06-01T08:00:00.000Z');
      await finish('2026-06-02', 'A', 'uncertain', '2026-06-02T08:00:00.000Z');
      await finish('2026-06-03', 'A', 'sending', '2026-06-03T08:00:00.000Z');
      await finish('2026-06-04', 'A', 'delivered', '2026-06-04T08:00:00.000Z', s2);
      expect(await ledger().lastWindowEnd(s1)).toBe('2026-05-31T08:00:00.000Z');
      expect(await ledger().lastWindowEnd(s2)).toBe('2026-06-04T08:00:00.000Z');
    });
  });
});
