// The asynchronous port made from a synchronous implementation (SQLite's): each method returns a promise of what
// the synchronous one returned, and a throw becomes a rejection. With a `gate`, calls wait while a transaction that
// another caller opened (Storage.atomically) is in progress, so nothing outside it joins it or sees it half done.

/** `T` with every method's result a promise (the ports are these of their synchronous shapes). */
export type Promised<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/** One transaction at a time on a connection; calls from outside it wait until it ends. */
export class TransactionGate {
  private open: Promise<void> | undefined;

  /** Resolves once no transaction is open (at once, with no hop, when none is). */
  idle(): Promise<void> | undefined {
    return this.open;
  }

  /** Runs `work` as the only transaction: it waits for one in progress, and others wait for it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.open) await this.open;
    let done!: () => void;
    this.open = new Promise<void>((resolve) => (done = resolve));
    try {
      return await work();
    } finally {
      this.open = undefined;
      done();
    }
  }
}

/** The asynchronous face of `sync` (its own methods and its prototype's), waiting at `gate` when given. */
export function promised<T extends object>(sync: T, gate?: TransactionGate): Promised<T> {
  return new Proxy(sync, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const call = () => (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!gate?.idle()) return new Promise((resolve) => resolve(call()));
        return (async () => {
          // another transaction may open before this call's turn comes: wait for each
          for (let open = gate.idle(); open; open = gate.idle()) await open;
          return call();
        })();
      };
    },
  }) as unknown as Promised<T>;
}
