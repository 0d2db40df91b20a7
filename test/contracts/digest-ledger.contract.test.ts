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
  beforeEach(() => {
    s1 = f.storage.subscriptions.upsert(sub('C1'), f.clock).id;
    s2 = f.storage.subscriptions.upsert(sub('C2'), f.clock).id;
  });
  const ledger = () => f.storage.ledger;
  const claim = (owner: string, now: Date, id = s1, date = DAY) => ledger().claim(id, date, owner, now, LEASE);
  const update = (u: Partial<DeliveryUpdate> & Pick<DeliveryUpdate, 'owner' | 'status'>) =>
    ledger().setStatus({ subscriptionId: s1, localDate: DAY, now: f.clock, ...u });

  describe('claim', () => {
    it('is exclusive: the first owner gets it, a second owner does not', () => {
      expect(claim('A', at('08:00'))).toBe(true);
      expect(claim('B', at('08:00'))).toBe(false);
      expect(claim('B', at('08:01'))).toBe(false);
      expect(ledger().delivery(s1, DAY)).toEqual({ subscriptionId: s1, localDate: DAY, status: 'claimed', claimedBy: 'A', attempts: 0 });
    });

    it('is independent across local dates and across subscriptions', () => {
      expect(claim('A', at('08:00'))).toBe(true);
      expect(claim('B', at('08:00'), s1, '2026-06-02')).toBe(true);
      expect(claim('B', at('08:00'), s2)).toBe(true);
      expect(ledger().delivery(s2, DAY)?.claimedBy).toBe('B');
      expect(ledger().delivery(s1, '2026-06-02')?.claimedBy).toBe('B');
      expect(ledger().delivery(s2, '2026-06-02')).toBeUndefined();
    });

    it('is taken over only once the lease has run out, and the old owner can then no longer move it', () => {
      expect(claim('A', at('08:00'))).toBe(true);
      expect(claim('B', at('08:01'))).toBe(false);
      expect(claim('B', at('08:03'))).toBe(true);
      expect(ledger().delivery(s1, DAY)?.claimedBy).toBe('B');
      expect(claim('C', at('08:04'))).toBe(false); // B's lease started anew at 08:03
      update({ owner: 'A', status: 'delivered', now: at('08:04') });
      expect(ledger().delivery(s1, DAY)?.status).toBe('claimed');
    });

    it('is never taken over once its owner has moved it past "claimed", however old', () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'sending', now: at('08:00') });
      expect(claim('B', at('12:00'))).toBe(false);
      for (const status of ['delivered', 'skipped', 'failed', 'uncertain'] as const) {
        update({ owner: 'A', status, now: at('08:01') });
        expect(claim('B', at('23:00')), status).toBe(false);
        expect(ledger().delivery(s1, DAY)?.claimedBy).toBe('A');
      }
    });
  });

  describe('setStatus and delivery', () => {
    it('moves a delivery on for its owner only; others change nothing', () => {
      claim('A', at('08:00'));
      update({ owner: 'B', status: 'delivered', attempts: 5, windowTo: 'x', error: 'nope' });
      expect(ledger().delivery(s1, DAY)).toEqual({ subscriptionId: s1, localDate: DAY, status: 'claimed', claimedBy: 'A', attempts: 0 });
      update({ owner: 'A', status: 'failed', attempts: 1, error: 'channel_not_found' });
      expect(ledger().delivery(s1, DAY)).toMatchObject({ status: 'failed', attempts: 1, error: 'channel_not_found' });
    });

    it('adds attempts up, and keeps the window when a later update leaves it out', () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'sending', windowFrom: '2026-05-31T08:00:00.000Z', windowTo: '2026-06-01T08:00:00.000Z' });
      update({ owner: 'A', status: 'sending', attempts: 1 });
      update({ owner: 'A', status: 'delivered', attempts: 2 });
      expect(ledger().delivery(s1, DAY)).toEqual({
        subscriptionId: s1, localDate: DAY, status: 'delivered', claimedBy: 'A', attempts: 3,
        windowFrom: '2026-05-31T08:00:00.000Z', windowTo: '2026-06-01T08:00:00.000Z',
      });
    });

    it('has no delivery for a date nobody claimed, and setStatus does not create one', () => {
      expect(ledger().delivery(s1, DAY)).toBeUndefined();
      update({ owner: 'A', status: 'delivered' });
      expect(ledger().delivery(s1, DAY)).toBeUndefined();
      expect(ledger().delivery(9_999, DAY)).toBeUndefined();
    });
  });

  describe('release', () => {
    it("hands back its owner's claim with nothing in flight: another owner takes it over at once", () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'sending', now: at('08:00') }); // between two failed attempts
      expect(ledger().release(s1, DAY, 'B')).toBe(false);
      expect(ledger().release(s1, DAY, 'A')).toBe(true);
      expect(ledger().delivery(s1, DAY)?.status).toBe('claimed');
      expect(ledger().abandonInterrupted(at('09:00'))).toEqual([]); // no longer 'sending'
      expect(claim('B', at('08:01'))).toBe(true);
    });

    it('leaves a finished delivery alone', () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'delivered', now: at('08:00') });
      expect(ledger().release(s1, DAY, 'A')).toBe(false);
      expect(ledger().delivery(s1, DAY)?.status).toBe('delivered');
    });
  });

  describe('abandonInterrupted', () => {
    it('marks deliveries left sending since before the cut-off as uncertain, once, and leaves the rest', () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'sending', now: at('08:00') });
      claim('A', at('08:10'), s2);
      ledger().setStatus({ subscriptionId: s2, localDate: DAY, owner: 'A', status: 'sending', now: at('08:10') });
      claim('A', at('07:00'), s1, '2026-05-31'); // old, but never sent: the lease covers it, not this
      expect(ledger().abandonInterrupted(at('08:05'))).toEqual([{ subscriptionId: s1, localDate: DAY }]);
      expect(ledger().delivery(s1, DAY)?.status).toBe('uncertain');
      expect(ledger().delivery(s2, DAY)?.status).toBe('sending');
      expect(ledger().delivery(s1, '2026-05-31')?.status).toBe('claimed');
      expect(ledger().abandonInterrupted(at('08:05'))).toEqual([]);
      expect(claim('B', at('12:00'))).toBe(false); // uncertain is never re-sent
    });

    it('leaves a delivery that went into sending after the cut-off, even if claimed before it', () => {
      claim('A', at('08:00'));
      update({ owner: 'A', status: 'sending', now: at('08:10') }); // composing took ten minutes
      expect(ledger().abandonInterrupted(at('08:05'))).toEqual([]);
      expect(ledger().delivery(s1, DAY)?.status).toBe('sending');
    });
  });

  describe('lastWindowEnd', () => {
    const finish = (date: string, owner: string, status: DeliveryUpdate['status'], windowTo: string, id = s1) => {
      ledger().claim(id, date, owner, at('08:00'), LEASE);
      ledger().setStatus({ subscriptionId: id, localDate: date, owner, status, now: at('08:00'), windowFrom: '2026-05-01T00:00:00.000Z', windowTo });
    };

    it('is undefined before any digest went out', () => {
      expect(ledger().lastWindowEnd(s1)).toBeUndefined();
      finish(DAY, 'A', 'sending', '2026-06-01T08:00:00.000Z');
      expect(ledger().lastWindowEnd(s1)).toBeUndefined();
    });

    it('counts only delivered or skipped digests, of that subscription, the latest window end', () => {
      finish('2026-05-30', 'A', 'delivered', '2026-05-30T08:00:00.000Z');
      finish('2026-05-31', 'A', 'skipped', '2026-05-31T08:00:00.000Z');
      finish(DAY, 'A', 'failed', '2026-06-01T08:00:00.000Z');
      finish('2026-06-02', 'A', 'uncertain', '2026-06-02T08:00:00.000Z');
      finish('2026-06-03', 'A', 'sending', '2026-06-03T08:00:00.000Z');
      finish('2026-06-04', 'A', 'delivered', '2026-06-04T08:00:00.000Z', s2);
      expect(ledger().lastWindowEnd(s1)).toBe('2026-05-31T08:00:00.000Z');
      expect(ledger().lastWindowEnd(s2)).toBe('2026-06-04T08:00:00.000Z');
    });
  });
});
