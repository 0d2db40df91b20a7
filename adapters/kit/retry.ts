// One retry loop for the doors' own retries (those their platform clients do not make): on a failure worth
// another try, wait the next of `delaysMs` and try again; after the last, the failure stands.
export async function withRetries<T>(
  work: () => Promise<T>,
  delaysMs: readonly number[],
  worthRetry: (e: unknown) => boolean,
  onRetry: (e: unknown, attempt: number) => void = () => {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= delaysMs.length || !worthRetry(e)) throw e;
      onRetry(e, attempt + 1);
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}
