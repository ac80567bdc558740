/**
 * Loads the value for a key that keeps moving (a replay's clock, scrubbed or playing) without flooding the
 * server: one request in flight at most, and one start every `minIntervalMs`. The key asked for last always
 * gets loaded in the end; keys asked for in between are skipped. Requests run one after the other, so their
 * answers arrive in order: the last one shown is the last asked.
 */
export interface LatestOnly<K> {
  request(key: K): void;
  /** Nothing more is loaded or reported; the request in flight is aborted. */
  close(): void;
}

export function latestOnly<K, V>(opts: {
  minIntervalMs: number;
  load: (key: K, signal: AbortSignal) => Promise<V>;
  onValue: (key: K, value: V) => void;
  onError?: (key: K, error: unknown) => void;
  now?: () => number;
}): LatestOnly<K> {
  const now = opts.now ?? (() => Date.now());
  const abort = new AbortController();
  let wanted: { key: K } | null = null;
  let lastKey: { key: K } | null = null;
  let inFlight = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const pump = () => {
    if (closed || inFlight || !wanted || timer !== undefined) return;
    if (lastKey && Object.is(lastKey.key, wanted.key)) {
      wanted = null;
      return;
    }
    const wait = lastStart + opts.minIntervalMs - now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        pump();
      }, wait);
      return;
    }
    const { key } = wanted;
    wanted = null;
    lastKey = { key };
    inFlight = true;
    lastStart = now();
    opts
      .load(key, abort.signal)
      .then(
        (value) => {
          if (!closed) opts.onValue(key, value);
        },
        (error: unknown) => {
          // A failed key may be asked again (the replay paused on it): it is not "already loaded".
          lastKey = null;
          if (!closed) opts.onError?.(key, error);
        },
      )
      .finally(() => {
        inFlight = false;
        pump();
      });
  };

  return {
    request(key) {
      wanted = { key };
      pump();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      abort.abort();
    },
  };
}
