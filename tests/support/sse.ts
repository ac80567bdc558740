/** A minimal Server-Sent Events client for tests: reads frames from a streaming fetch. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: unknown;
}

export interface SseStream {
  status: number;
  next(event?: string, timeoutMs?: number): Promise<SseMessage>;
  /** Everything that arrives within `ms`. */
  drain(ms: number): Promise<SseMessage[]>;
  lastId: string | null;
  /** Heartbeats received (not queued as messages). */
  pings: number;
  /** Resolves when the server ends the stream (or the client closes it). */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { Accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const queue: SseMessage[] = [];
  const waiters: Array<() => void> = [];
  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const stream: SseStream = {
    status: res.status,
    lastId: null,
    pings: 0,
    ended,
    async next(event, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex((m) => !event || m.event === event);
        if (index >= 0) return queue.splice(index, 1)[0] as SseMessage;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${event ?? "any"}" message within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async drain(ms) {
      await new Promise((r) => setTimeout(r, ms));
      return queue.splice(0);
    },
    close: () => abort.abort(),
  };
  if (!res.ok || !res.body) {
    markEnded();
    return stream;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const message: SseMessage = { id: null, event: "message", data: null };
          let data = "";
          for (const line of frame.split("\n")) {
            if (line.startsWith("id: ")) message.id = line.slice(4);
            else if (line.startsWith("event: ")) message.event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          // Heartbeats keep connections honest; tests look at the messages.
          if (message.event === "ping") stream.pings += 1;
          if (!data || message.event === "ping") continue;
          message.data = JSON.parse(data);
          if (message.id !== null) stream.lastId = message.id;
          queue.push(message);
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted
    }
    markEnded();
  })();
  return stream;
}

/** One batch as a spectator gets it: an entry of a `moves` frame (src/server/live/wire.ts ZMove). */
export interface SpectatorBatch {
  /** The id of the frame that carried it: the frame's last batch's seq. */
  frameId: number;
  seq: number;
  trackId: string;
  points: number[][];
  distance: number | null;
}

/** The batches of a spectator's messages, in order (each `moves` frame's entries; other messages skipped). */
export function batchesOf(messages: readonly SseMessage[]): SpectatorBatch[] {
  return messages.flatMap((m) => {
    if (m.event !== "moves") return [];
    const { moves } = m.data as { moves: Array<[number, string, number[][], number | null]> };
    return moves.map(([seq, trackId, points, distance]) => ({
      frameId: Number(m.id),
      seq,
      trackId,
      points,
      distance,
    }));
  });
}
