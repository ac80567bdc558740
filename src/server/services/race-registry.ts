import type { Database } from "~/server/db";
import { selectRaceEntryOfTrack } from "~/server/db/races";
import { processSingleton } from "~/server/process-singleton";
import { raceLock } from "./race-lock";
import { RaceRuntime } from "./race-runtime";

/**
 * Which runtime each race has in this process, and which race each track counts for: the two caches an edit
 * of a race must drop (race-live.ts, raceChanged, here and on the other instances).
 */

/** A track's race entry is remembered this long (entries change rarely; batches come every few seconds). */
const ENTRY_TTL_MS = 10_000;

const runtimes = () => processSingleton("race:runtimes", () => new Map<string, Promise<RaceRuntime>>());

/** The race's runtime in this process, loaded on first use (under the race's lock: after any recompute). */
export function raceRuntime(db: Database, raceId: string): Promise<RaceRuntime> {
  const all = runtimes();
  let rt = all.get(raceId);
  if (!rt) {
    rt = raceLock(raceId, () => RaceRuntime.load(db, raceId, () => raceRuntime(db, raceId)));
    rt.catch(() => all.delete(raceId));
    all.set(raceId, rt);
  }
  return rt;
}

/** The race's runtime if this process has one loaded (or loading); never loads it. */
export function loadedRuntime(raceId: string): Promise<RaceRuntime> | undefined {
  return runtimes().get(raceId);
}

/** Forgets the race's runtime: the next use loads it again from the store. */
export function dropRuntime(raceId: string): void {
  const all = runtimes();
  const rt = all.get(raceId);
  all.delete(raceId);
  void rt?.then((r) => r.dispose()).catch(() => undefined);
}

const entryCache = () =>
  processSingleton(
    "race:entries",
    () => new Map<string, { at: number; value: Promise<{ raceId: string; participantId: string } | null> }>(),
  );

/** The race and participant a track counts for, remembered ENTRY_TTL_MS. */
export function entryOf(db: Database, trackId: string) {
  const cache = entryCache();
  const now = Date.now();
  const hit = cache.get(trackId);
  if (hit && now - hit.at < ENTRY_TTL_MS) return hit.value;
  const value = selectRaceEntryOfTrack(db, trackId);
  cache.set(trackId, { at: now, value });
  if (cache.size > 50_000) cache.clear();
  return value;
}

/** Entries changed (or a race went): every track's race is looked up again. */
export function dropEntries(): void {
  entryCache().clear();
}
