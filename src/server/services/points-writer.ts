import type { Database } from "~/server/db";
import { insertPointsBatches, type PointsBatch, type PointsBatchResult } from "~/server/db/points";
import { processSingleton } from "~/server/process-singleton";

/** At most this many batches, and about this many points, go into one statement. */
const MAX_BATCHES = 200;
const MAX_POINTS = 20_000;

interface Waiting {
  batch: PointsBatch;
  resolve(result: PointsBatchResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the live path, per event and instance. Every batch of an event appends to the event's
 * live log, whose sequence is one row lock held until commit: one statement at a time per event, however
 * many phones post. So while an event's statement is on its way, the batches that arrive for that event wait
 * and then go together in the next one (`insertPointsBatches`): one lock, one commit and one WAL flush for all
 * of them. Alone, a batch goes at once; under load the groups grow by themselves. Each caller still gets its
 * answer only after the commit of the statement that holds its batch.
 */
class EventWriter {
  private queue: Waiting[] = [];
  private busy = false;

  constructor(
    private readonly db: Database,
    private readonly eventId: string,
    private readonly onIdle: () => void,
  ) {}

  write(batch: PointsBatch): Promise<PointsBatchResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    if (this.busy) return;
    if (this.queue.length === 0) return this.onIdle();
    // One batch per track and statement: a second one of the same track waits for the next statement (where
    // its version no longer matches, so its caller takes the locked path).
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const tracks = new Set<string>();
    let points = 0;
    for (const w of this.queue) {
      const fits =
        group.length < MAX_BATCHES && (group.length === 0 || points + w.batch.points.length <= MAX_POINTS);
      if (fits && !tracks.has(w.batch.trackId)) {
        group.push(w);
        tracks.add(w.batch.trackId);
        points += w.batch.points.length;
      } else rest.push(w);
    }
    this.queue = rest;
    this.busy = true;
    void this.run(group).finally(() => {
      this.busy = false;
      this.pump();
    });
  }

  private async run(group: Waiting[]) {
    try {
      const results = await insertPointsBatches(
        this.db,
        this.eventId,
        group.map((w) => w.batch),
      );
      group.forEach((w, i) => {
        const result = results[i];
        if (result) w.resolve(result);
        else w.reject(new Error("no result for a live batch"));
      });
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One bad batch must not fail the others: each goes again on its own.
      await Promise.all(
        group.map((w) =>
          insertPointsBatches(this.db, this.eventId, [w.batch]).then(
            ([result]) => (result ? w.resolve(result) : w.reject(error)),
            w.reject,
          ),
        ),
      );
    }
  }
}

/** Writes a batch through its event's group commit (see EventWriter); resolves after its commit. */
export function writePointsBatch(db: Database, batch: PointsBatch): Promise<PointsBatchResult> {
  // One writer per event and database in the process, whatever bundle asks.
  const writers = processSingleton("points-writers", () => new WeakMap<Database, Map<string, EventWriter>>());
  let byEvent = writers.get(db);
  if (!byEvent) {
    byEvent = new Map();
    writers.set(db, byEvent);
  }
  let writer = byEvent.get(batch.eventId);
  if (!writer) {
    const events = byEvent;
    writer = new EventWriter(db, batch.eventId, () => events.delete(batch.eventId));
    byEvent.set(batch.eventId, writer);
  }
  return writer.write(batch);
}
