/**
 * At most `limit` holders at once and at most `maxWaiting` callers in line; past that, acquire() fails at
 * once with `busy()`, so an overloaded server answers "try again" instead of queueing without bound.
 */
export class BoundedSemaphore {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
    private readonly busy: () => Error,
  ) {
    if (limit < 1) throw new Error("a semaphore needs a limit of at least 1");
  }

  get active(): number {
    return this.holders;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with the function that gives the place back (call it once). */
  async acquire(): Promise<() => void> {
    if (this.holders < this.limit) {
      this.holders++;
    } else {
      if (this.waiting.length >= this.maxWaiting) throw this.busy();
      // The releasing holder hands its place over: `holders` stays the same.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.holders--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
