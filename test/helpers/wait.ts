// Waiting for state a test can only read asynchronously (the store, through its ports).

/** Resolves with `predicate`'s first truthy result, polling every 10 ms; rejects after `timeoutMs`. */
export async function until<T>(predicate: () => Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
