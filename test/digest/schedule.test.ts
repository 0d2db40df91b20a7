import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/domain.js';
import { dueDate } from '../../src/digest/runner.js';
import { parseSubscribeArgs } from '../../src/digest/subscribe-args.js';
import { localTime, parseTimeOfDay } from '../../src/digest/time.js';

const sub = (over: Partial<Subscription>): Subscription => ({
  id: 1, platform: 'slack', channelId: 'C1', timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat', ...over,
});
const at = (iso: string) => new Date(iso);

describe('when a digest is due', () => {
  it('fires at the local time east and west of UTC', () => {
    const yerevan = sub({ timezone: 'Asia/Yerevan' }); // UTC+4
    expect(dueDate(yerevan, at('2026-06-01T03:59:00Z'), 60)).toBeUndefined();
    expect(dueDate(yerevan, at('2026-06-01T04:00:00Z'), 60)).toBe('2026-06-01');
    const la = sub({ timezone: 'America/Los_Angeles' }); // UTC-7 in summer
    expect(dueDate(la, at('2026-06-01T14:59:00Z'), 60)).toBeUndefined();
    expect(dueDate(la, at('2026-06-01T15:00:00Z'), 60)).toBe('2026-06-01');
    // 02:00 UTC on 2 June is still 1 June in Los Angeles: late, but outside a 60-minute grace
    expect(dueDate(la, at('2026-06-02T02:00:00Z'), 60)).toBeUndefined();
  });

  it('follows a DST switch: 08:00 New York is 13:00 UTC before, 12:00 UTC after the spring change', () => {
    const ny = sub({ timezone: 'America/New_York' });
    expect(dueDate(ny, at('2026-03-07T13:00:00Z'), 0)).toBe('2026-03-07');
    expect(dueDate(ny, at('2026-03-07T12:00:00Z'), 0)).toBeUndefined();
    expect(dueDate(ny, at('2026-03-09T12:00:00Z'), 0)).toBe('2026-03-09');
    // a time that does not exist on the switch day (02:30) fires as soon as the clock passes it
    const early = sub({ timezone: 'America/New_York', timeOfDay: '02:30' });
    expect(localTime(at('2026-03-08T07:00:00Z'), 'America/New_York')).toMatchObject({ date: '2026-03-08', minutes: 180 });
    expect(dueDate(early, at('2026-03-08T07:00:00Z'), 60)).toBe('2026-03-08');
    // the autumn change repeats 01:00–02:00; the local date (the ledger key) stays the same
    const night = sub({ timezone: 'America/New_York', timeOfDay: '01:30' });
    expect(dueDate(night, at('2026-11-01T05:30:00Z'), 120)).toBe('2026-11-01');
    expect(dueDate(night, at('2026-11-01T06:30:00Z'), 120)).toBe('2026-11-01');
  });

  it('skips weekends when asked', () => {
    const weekdays = sub({ weekdaysOnly: true });
    expect(dueDate(weekdays, at('2026-11-28T08:00:00Z'), 60)).toBeUndefined(); // Saturday
    expect(dueDate(weekdays, at('2026-11-30T08:00:00Z'), 60)).toBe('2026-11-30'); // Monday
  });
});

describe('subscribe arguments', () => {
  const defaults = { DIGEST_TIME: '08:00', DIGEST_TZ: 'UTC' };
  it('reads time, timezone, weekdays and topic, with defaults', () => {
    expect(parseSubscribeArgs('', defaults)).toEqual({ timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false });
    expect(parseSubscribeArgs('6:30pm Asia/Yerevan weekdays armenia elections', defaults))
      .toEqual({ timeOfDay: '18:30', timezone: 'Asia/Yerevan', topic: 'armenia elections', weekdaysOnly: true });
    expect(parseSubscribeArgs('vaccines', defaults).topic).toBe('vaccines');
  });
  it('rejects a bad time or timezone with the accepted forms', () => {
    expect(() => parseSubscribeArgs('25:00', defaults)).toThrow(/not a time.*HH:MM/);
    expect(() => parseSubscribeArgs('08:00 Mars/Olympus', defaults)).toThrow(/not a timezone.*Europe\/London/);
    expect(parseTimeOfDay('12am')).toBe('00:00');
    expect(parseTimeOfDay('7')).toBeUndefined();
  });
});
