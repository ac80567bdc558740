import type { Database } from "~/server/db";
import { selectRaceEntriesOfTracks } from "~/server/db/races";
import { processSingleton } from "~/server/process-singleton";
import { raceLock } from "./race-lock";
import { RaceRuntime } from "./race-runtime";

/**
 * Which runtime each race has in this process, and which race each track counts for: the two caches an edit
 * of a race must drop (race-live.ts, raceChanged, here and on the other instances).
 */

/** A track's race entry is remembered this long (entries change rarely; batches come every few seconds). */
const ENTRY_TTL_MS = 10_000;

/**
 * How long this instance waits for another one's recompute of a race before loading it anyway (that
 * instance died, or its `done` message was lost): a full recompute of 5,000 × 1,000 fixes takes ~40 s.
 */
const HOLD_MS = 60_000;

const runtimes = () => processSingleton("race:runtimes", () => new Map<string, Promise<RaceRuntime>>());
const holds = () =>
  processSingleton(
    "race:holds",
    () => new Map<string, { until: Promise<void>; release: () => void; timer: NodeJS.Timeout }>(),
  );

/**
 * The race's runtime in this process, loaded on first use: under the race's lock (after this instance's
 * recompute) and after another instance's (holdRace), so that it reads the recomputed states.
 */
export function raceRuntime(db: Database, raceId: string): Promise<RaceRuntime> {
  const all = runtimes();
  let rt = all.get(raceId);
  if (!rt) {
    const load = () => raceLock(raceId, () => RaceRuntime.load(db, raceId, () => raceRuntime(db, raceId)));
    const hold = holds().get(raceId);
    rt = hold ? hold.until.then(load) : load();
    rt.catch(() => all.delete(raceId));
    all.set(raceId, rt);
  }
  return rt;
}

/**
 * Another instance is recomputing the race: its runtime here goes, and the next one loads once that
 * instance says it is done (releaseRace), as this instance's own batches wait behind its own recompute.
 */
export function holdRace(raceId: string): void {
  dropRuntime(raceId);
  if (holds().has(raceId)) return;
  let release = () => {};
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  const timer = setTimeout(() => releaseRace(raceId, false), HOLD_MS);
  timer.unref();
  holds().set(raceId, { until, release, timer });
}

/**
 * The other instance's results are in the store (`reload`), or it took too long. A load that waited for
 * them has read nothing yet and stays; without a hold (none was asked, or it timed out and a runtime may have
 * loaded meanwhile) the runtime goes.
 */
export function releaseRace(raceId: string, reload = true): void {
  const hold = holds().get(raceId);
  if (!hold) {
    if (reload) dropRuntime(raceId);
    return;
  }
  holds().delete(raceId);
  clearTimeout(hold.timer);
  hold.release();
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

type Entry = { raceId: string; participantId: string } | null;

const entryCache = () =>
  processSingleton("race:entries", () => ({
    tracks: new Map<string, { at: number; value: Promise<Entry>; refreshing?: boolean }>(),
    /** Lookups asked in this tick: one statement for all of them. */
    pending: new Map<string, Array<{ resolve: (e: Entry) => void; reject: (error: unknown) => void }>>(),
    /** Bumped by dropEntries: a lookup that started before does not write into the cache after it. */
    generation: 0,
  }));

/**
 * The race and participant a track counts for, remembered ENTRY_TTL_MS. At 1,000 batches a second a lookup
 * per expired entry was 500 statements a second (each waiting for a pooled connection before the batch reached
 * its race): the lookups of one tick go as one statement, and an expired entry is still used while it is read
 * again. Edits of entries and races drop the cache at once (dropEntries); other changes of who a track belongs
 * to (a participant's user id, a track bound to someone) show within one or two ENTRY_TTL_MS.
 */
export function entryOf(db: Database, trackId: string): Promise<Entry> {
  const cache = entryCache();
  const now = Date.now();
  const hit = cache.tracks.get(trackId);
  if (hit && now - hit.at < ENTRY_TTL_MS) return hit.value;
  if (hit) {
    if (!hit.refreshing) {
      hit.refreshing = true;
      const generation = cache.generation;
      lookUp(db, trackId).then(
        (entry) => {
          if (cache.generation === generation)
            cache.tracks.set(trackId, { at: Date.now(), value: Promise.resolve(entry) });
        },
        () => {
          hit.refreshing = false;
        },
      );
    }
    return hit.value;
  }
  const value = lookUp(db, trackId);
  // A failed lookup is asked again next time, unless a newer one (after dropEntries) took its place.
  value.catch(() => {
    if (cache.tracks.get(trackId)?.value === value) cache.tracks.delete(trackId);
  });
  if (cache.tracks.size > 50_000) cache.tracks.clear();
  cache.tracks.set(trackId, { at: now, value });
  return value;
}

function lookUp(db: Database, trackId: string): Promise<Entry> {
  const { pending } = entryCache();
  return new Promise<Entry>((resolve, reject) => {
    if (pending.size === 0) setImmediate(() => void flushLookups(db));
    const waiting = pending.get(trackId);
    if (waiting) waiting.push({ resolve, reject });
    else pending.set(trackId, [{ resolve, reject }]);
  });
}

async function flushLookups(db: Database): Promise<void> {
  const cache = entryCache();
  const asked = cache.pending;
  cache.pending = new Map();
  try {
    const found = await selectRaceEntriesOfTracks(db, [...asked.keys()]);
    for (const [trackId, waiting] of asked) for (const w of waiting) w.resolve(found.get(trackId) ?? null);
  } catch (error) {
    for (const waiting of asked.values()) for (const w of waiting) w.reject(error);
  }
}

/** Entries changed (or a race went): every track's race is looked up again. */
export function dropEntries(): void {
  const cache = entryCache();
  cache.tracks.clear();
  cache.generation += 1;
}
