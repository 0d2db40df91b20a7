// Cooldowns (adapters/kit/cooldowns.ts): how often one person and one channel may ask, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../../../adapters/kit/cooldowns.js';
import { isUserError } from '../../../src/errors.js';

function refusal(f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (!isUserError(e) || e.code !== 'RATE_LIMITED') throw e;
    return e.message;
  }
}

describe('cooldowns', () => {
  it("refuse a person's request past the limit with when to try again, and take it once the minute has passed", () => {
    let now = 0;
    const c = new Cooldowns(2, 100, () => now);
    c.take('U1', 'C1');
    now = 10_000;
    c.take('U1', 'C1');
    now = 15_000;
    expect(refusal(() => c.take('U1', 'C1'))).toBe('You are asking faster than I can keep up: try again in 45 s.');
    expect(refusal(() => c.take('U2', 'C1'))).toBeUndefined(); // someone else is not held back
    now = 60_001;
    expect(refusal(() => c.take('U1', 'C1'))).toBeUndefined(); // the first request is more than a minute old
  });

  it('refuse a channel past its limit, whoever asks; 0 is no limit', () => {
    const c = new Cooldowns(0, 3, () => 0);
    ['U1', 'U2', 'U3'].forEach((u) => c.take(u, 'C1'));
    expect(refusal(() => c.take('U4', 'C1'))).toMatch(/^This channel is asking faster than I can keep up: try again in 60 s\.$/);
    expect(refusal(() => c.take('U4', 'C2'))).toBeUndefined();
    const none = new Cooldowns(0, 0, () => 0);
    for (let i = 0; i < 1000; i++) none.take('U1', 'C1');
  });
});
