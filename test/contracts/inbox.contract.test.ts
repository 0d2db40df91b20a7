// Contract of Inbox (src/store/repositories.ts), for every backend: a delivery is recorded once, held by one
// owner, finished once, and taken over only from the owner that held it.
import { describe, expect, it } from 'vitest';
import { backends, storagePerTest } from './backends.js';

const MINUTE = 60_000;

describe.each(backends)('Inbox contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T09:00:00.000Z');
  const inbox = () => f.storage.inbox;

  it('records a delivery once: a repeat of any of its keys is refused, also by the handled-events port', async () => {
    const id = await inbox().accept('slack', ['event:E1', 'msg:C1:1.0'], '{"n":1}', 'a', f.clock, MINUTE);
    expect(id).toBeTypeOf('number');
    expect(await inbox().accept('slack', ['msg:C1:1.0'], '{"n":1}', 'b', f.clock, MINUTE)).toBeUndefined();
    expect(await f.storage.events.claim('slack', ['event:E1'], f.clock)).toBe(false);
    // a delivery with nothing to recognise it by is always new
    expect(await inbox().accept('slack', [], '{}', 'a', f.clock, MINUTE)).not.toBe(await inbox().accept('slack', [], '{}', 'a', f.clock, MINUTE));
  });

  it("lists another owner's unfinished deliveries, oldest first, with their payload; never finished ones or its own", async () => {
    const first = (await inbox().accept('slack', ['k1'], '{"text":"first"}', 'dead', f.clock, MINUTE))!;
    f.clock = new Date(f.clock.getTime() + 1000);
    const second = (await inbox().accept('slack', ['k2'], '{"text":"second"}', 'dead', f.clock, MINUTE))!;
    const finished = (await inbox().accept('slack', ['k3'], '{}', 'dead', f.clock, MINUTE))!;
    await inbox().finish(finished, f.clock);
    await inbox().accept('slack', ['k4'], '{}', 'me', f.clock, MINUTE);
    await inbox().accept('discord', ['k5'], '{}', 'dead', f.clock, MINUTE);
    const items = await inbox().unfinished('slack', 'me', new Date('2026-06-01T00:00:00.000Z'), 10);
    expect(items.map((i) => [i.id, i.payload, i.owner, i.attempts])).toEqual([
      [first, '{"text":"first"}', 'dead', 1],
      [second, '{"text":"second"}', 'dead', 1],
    ]);
    expect(items[0]!.receivedAt).toBe('2026-06-01T09:00:00.000Z');
    expect(items[0]!.leaseUntil).toBe('2026-06-01T09:01:00.000Z');
    // received before `since`: not listed
    expect((await inbox().unfinished('slack', 'me', new Date('2026-06-01T09:00:00.500Z'), 10)).map((i) => i.id)).toEqual([second]);
  });

  it('takes an item over once, from the owner that held it; a finished item is not taken', async () => {
    const id = (await inbox().accept('slack', ['k'], '{}', 'dead', f.clock, MINUTE))!;
    await inbox().progress(id, 2); // two parts of its reply were sent before its holder died
    expect(await inbox().take(id, 'other', 'me', f.clock, MINUTE)).toBe(false);
    expect(await inbox().take(id, 'dead', 'me', f.clock, 5 * MINUTE)).toBe(true);
    expect(await inbox().take(id, 'dead', 'third', f.clock, MINUTE)).toBe(false);
    const [item] = await inbox().unfinished('slack', 'third', new Date(0), 10);
    expect(item).toMatchObject({ owner: 'me', attempts: 2, progress: 2, leaseUntil: '2026-06-01T09:05:00.000Z' });
    await inbox().finish(id, f.clock);
    expect(await inbox().take(id, 'me', 'third', f.clock, MINUTE)).toBe(false);
    expect(await inbox().unfinished('slack', 'third', new Date(0), 10)).toEqual([]);
  });

  it('prunes items received before the given time, finished or not', async () => {
    await inbox().accept('slack', ['old'], '{}', 'x', f.clock, MINUTE);
    f.clock = new Date('2026-06-02T09:00:00.000Z');
    await inbox().accept('slack', ['new'], '{}', 'x', f.clock, MINUTE);
    expect(await inbox().prune(new Date('2026-06-02T00:00:00.000Z'))).toBe(1);
    expect(await inbox().unfinished('slack', 'me', new Date(0), 10)).toHaveLength(1);
  });
});
