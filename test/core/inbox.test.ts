// The inbox's take-over rules (src/inbox/service.ts): whose unfinished work is resumed, when, and how often.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createInbox, INBOX_LIMITS, ownerGone, processOwner } from '../../src/inbox/service.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';

/** The pid of a process that ran and exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('ownerGone', () => {
  const me = processOwner();
  it('is true for a process of this machine that exited, and for an earlier run with this pid', () => {
    expect(ownerGone(`${hostname()}:${deadPid()}:abcd1234`, me)).toBe(true);
    expect(ownerGone(`${hostname()}:${process.pid}:earlier0`, me)).toBe(true);
  });
  it('is false for this run, a running process, another machine, or an owner it cannot read', () => {
    expect(ownerGone(me, me)).toBe(false);
    expect(ownerGone(`${hostname()}:${process.ppid}:abcd1234`, me)).toBe(false);
    expect(ownerGone(`elsewhere.example:${deadPid()}:abcd1234`, me)).toBe(false);
    expect(ownerGone('garbage', me)).toBe(false);
  });
});

describe('resume', () => {
  const setup = () => {
    let clock = new Date('2026-06-01T09:00:00.000Z');
    const storage = openSqliteStorage(':memory:', () => clock);
    const verbs = (owner: string) => createInbox(storage.inbox, createLogger('silent'), () => clock, owner);
    return { storage, verbs, at: (iso: string) => (clock = new Date(iso)) };
  };
  const dead = () => `${hostname()}:${deadPid()}:deadbeef`;

  it("takes over a dead process's unfinished work at once, with its payload; finished work and a live holder's are left", async () => {
    const { verbs } = setup();
    const gone = verbs(dead());
    const lost = (await gone.accept('slack', ['event:E1'], { text: 'who met whom?' }))!;
    await gone.finish((await gone.accept('slack', ['event:E2'], {}))!);
    await verbs(`${hostname()}:${process.ppid}:alive000`).accept('slack', ['event:E3'], {});
    const me = verbs(processOwner());
    expect(await me.resume('slack')).toEqual([{ id: lost, payload: { text: 'who met whom?' }, receivedAt: '2026-06-01T09:00:00.000Z', progress: 0 }]);
    // taken: not resumed twice, by this process or another
    expect(await me.resume('slack')).toEqual([]);
    expect(await verbs(processOwner()).resume('slack')).toEqual([]);
  });

  it("takes a live-looking holder's work once its lease has run out (a process on another machine that is gone)", async () => {
    const { verbs, at } = setup();
    await verbs(`elsewhere.example:1:abcd1234`).accept('slack', ['k'], {});
    expect(await verbs(processOwner()).resume('slack')).toEqual([]);
    at(new Date(Date.parse('2026-06-01T09:00:00.000Z') + INBOX_LIMITS.leaseMs + 1).toISOString());
    expect(await verbs(processOwner()).resume('slack')).toHaveLength(1);
  });

  it('gives up work after its third try (it took its process down each time), and leaves work older than 30 minutes', async () => {
    const { verbs, storage, at } = setup();
    await verbs(dead()).accept('slack', ['poison'], {});
    // taken over by processes that died in turn, up to the last try
    for (let i = 1; i < INBOX_LIMITS.maxAttempts; i++) expect(await verbs(dead()).resume('slack')).toHaveLength(1);
    expect(await verbs(processOwner()).resume('slack')).toEqual([]);
    expect(await storage.inbox.unfinished('slack', 'x', new Date(0), 10)).toEqual([]); // finished: given up

    await verbs(dead()).accept('slack', ['old'], {});
    at('2026-06-01T09:31:00.000Z');
    expect(await verbs(processOwner()).resume('slack')).toEqual([]);
  });
});
