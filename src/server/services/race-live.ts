import { type BusMessage, publishToOthers, subscribe } from "~/server/bus";
import type { Database } from "~/server/db";
import { setLeaderboardSource } from "~/server/live/leaderboards";
import { processSingleton } from "~/server/process-singleton";
import { raceLock } from "./race-lock";
import { recomputeAll, recomputeCheckpoints } from "./race-recompute";
import {
  dropEntries,
  dropRuntime,
  entryOf,
  holdRace,
  loadedRuntime,
  raceRuntime,
  releaseRace,
} from "./race-registry";

/**
 * Race day on the live path (docs/race.md, "Integration"): every batch a phone posts is projected onto its
 * race's course once committed, off the request (the 204 does not wait for it), by the race's runtime
 * (race-runtime.ts); an organiser's edit of a race drops what depends on it and computes it again.
 */

export type RaceChange =
  | { kind: "course" }
  | { kind: "rules" }
  | { kind: "entries" }
  | { kind: "deleted" }
  | { kind: "checkpoints"; ids: string[] };

/**
 * The organiser changed a race: what depends on it is computed again. A course (or its window) change
 * projects every participant again from the stored points, in the background; a checkpoint edit recomputes
 * that checkpoint's passings (a few index lookups per participant, awaited up to `waitMs` so that the answer
 * usually shows it); rules and entries just reload the runtime. Each ends with a full leaderboard message.
 * The other instances drop their runtime too (and wait for the recompute, which they must not redo: its
 * results are in the store), else they would go on ranking on the old course or entrants until a restart.
 */
export async function raceChanged(
  db: Database,
  raceId: string,
  change: RaceChange,
  waitMs = 5000,
): Promise<void> {
  const tell = (phase: "start" | "done") =>
    publishToOthers({ type: "race", raceId, kind: change.kind, phase });
  if (change.kind === "entries" || change.kind === "deleted") dropEntries();
  dropRuntime(raceId);
  const recomputes = change.kind !== "rules" && change.kind !== "deleted";
  tell(recomputes ? "start" : "done");
  if (change.kind === "deleted") return;
  const work = (async () => {
    try {
      if (change.kind === "course") await raceLock(raceId, () => recomputeAll(db, raceId));
      if (change.kind === "checkpoints")
        await raceLock(raceId, () => recomputeCheckpoints(db, raceId, change.ids));
      if (change.kind === "entries")
        await raceLock(raceId, () => recomputeAll(db, raceId, { onlyMissing: true }));
    } finally {
      // Before the leaderboard message below: the bus keeps one sender's order, so the other instances
      // rank it on the reloaded race.
      if (recomputes) tell("done");
    }
    dropRuntime(raceId);
    const rt = await raceRuntime(db, raceId);
    await rt.publish();
  })().catch((error) => console.error(`[race] recompute of ${raceId}`, error));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

/** Another instance's edit of a race (raceChanged there): its caches here go, with no recompute. */
function onRemoteEdit(message: Extract<BusMessage, { type: "race" }>): void {
  if (message.kind === "entries" || message.kind === "deleted") dropEntries();
  if (message.phase === "start") holdRace(message.raceId);
  else releaseRace(message.raceId);
}

/**
 * Listens to this instance's committed point batches (they carry their points) and feeds each to its race.
 * Imported files take another path (no live batch): they never appear as live runners.
 */
export function startRaceProgress(getDb: () => Promise<Database>): void {
  processSingleton("race:progress", () => {
    setLeaderboardSource(async (db, raceId) => {
      const rt = await raceRuntime(db, raceId);
      return { eventId: rt.model.eventId, rows: await rt.freshRows() };
    });
    // Another instance's leaderboard message comes without its rows (they stay in-process): a runtime
    // loaded here reads that instance's batches from the store before it ranks again.
    const unsubscribeBoards = subscribe("track", ({ change }) => {
      if (change.kind !== "leaderboard" || change.leaderboard) return;
      void loadedRuntime(change.trackId)
        ?.then((rt) => rt.remoteChanged())
        .catch(() => undefined);
    });
    const unsubscribePoints = subscribe("track", ({ change }) => {
      if (change.kind !== "points" || !change.points || change.points.length === 0) return;
      const fixes = change.points.map((p) => ({ ts: p.ts, lat: p.lat, lon: p.lon }));
      void (async () => {
        const db = await getDb();
        const entry = await entryOf(db, change.trackId);
        if (!entry) return;
        const rt = await raceRuntime(db, entry.raceId);
        rt.enqueue(change.trackId, entry.participantId, fixes);
      })().catch((error) => console.error("[race] ingest", error));
    });
    const unsubscribeEdits = subscribe("race", onRemoteEdit);
    return () => {
      unsubscribeEdits();
      unsubscribeBoards();
      unsubscribePoints();
    };
  });
}
