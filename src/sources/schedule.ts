// When a source is polled next: its interval with jitter (so hundreds of feeds don't fire in the same second),
// and exponential backoff after failures, capped so a feed that has failed for a day is still tried hourly.
export const MAX_BACKOFF_MINUTES = 60;

/** `random` in [0, 1): ±10% jitter around the interval (tests pass a fixed value). */
export function nextPollAt(now: Date, intervalMinutes: number, failures: number, random: () => number = Math.random): Date {
  const backoff = failures === 0 ? intervalMinutes : Math.min(intervalMinutes * 2 ** failures, Math.max(intervalMinutes, MAX_BACKOFF_MINUTES));
  const jittered = backoff * (0.9 + 0.2 * random());
  return new Date(now.getTime() + jittered * 60_000);
}
