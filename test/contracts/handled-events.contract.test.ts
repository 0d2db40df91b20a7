// Contract of HandledEvents (src/store/repositories.ts), for every backend: a platform delivery is taken on once.
import { describe, expect, it } from 'vitest';
import { backends, storagePerTest } from './backends.js';

describe.each(backends)('HandledEvents contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T09:00:00.000Z');
  const events = () => f.storage.events;

  it('takes a delivery on once: any key seen before makes it a repeat, and a repeat records nothing', async () => {
    expect(await events().claim('slack', ['event:E1', 'msg:C1:1.0'], f.clock)).toBe(true);
    expect(await events().claim('slack', ['event:E1'], f.clock)).toBe(false);
    // the same message arriving as another event (app_mention and message.im)
    expect(await events().claim('slack', ['event:E2', 'msg:C1:1.0'], f.clock)).toBe(false);
    // E2 was not recorded by the refused claim
    expect(await events().claim('slack', ['event:E2'], f.clock)).toBe(true);
  });

  it('keeps platforms apart, and takes a claim with no keys on (nothing to recognise it by)', async () => {
    expect(await events().claim('slack', ['msg:1'], f.clock)).toBe(true);
    expect(await events().claim('discord', ['msg:1'], f.clock)).toBe(true);
    expect(await events().claim('discord', [], f.clock)).toBe(true);
    expect(await events().claim('discord', [], f.clock)).toBe(true);
  });

  it('forgets keys recorded before the prune time, and only those', async () => {
    await events().claim('slack', ['event:old'], f.clock);
    f.clock = new Date('2026-06-02T09:00:00.000Z');
    await events().claim('slack', ['event:new'], f.clock);
    expect(await events().prune(new Date('2026-06-02T00:00:00.000Z'))).toBe(1);
    expect(await events().claim('slack', ['event:old'], f.clock)).toBe(true);
    expect(await events().claim('slack', ['event:new'], f.clock)).toBe(false);
  });
});
