import { createEngine, type EngineState, emptyEngineState, finishEngine, pushPoint, statsOf } from "./engine";
import { copyForWrite } from "./state-copy";
import type { ActivityType, StatPoint, TrackStats } from "./types";

/**
 * Running totals of a live track, stored as JSON between batches (a few KB: the outlier filter's
 * pending points, the last 20 s of positions, the speed window and a few numbers). It is the state of the
 * same pipeline computeStats runs, so on an in-order track the live figures equal the final ones, except
 * for explicit pauses, which only the full recompute at finish knows about.
 */
export type LiveStatsState = EngineState & {
  /**
   * The statistics of this state, computed once when its batch was applied. A state is read far more often
   * than written (a track list presents 100 tracks, a live snapshot 1,000, each batch's live message one),
   * and finishing a copy of the state costs a deep clone each time: 35 % of the server's thread under
   * `bench:fair`. States stored before this field compute them on read, as before.
   */
  shown?: TrackStats;
};

export function emptyLiveState(): LiveStatsState {
  return emptyEngineState("run");
}

/**
 * A copy of the state in the current shape, to write to (state-copy.ts). A version-1 state (stored before
 * the sensors) carries on: what it lacks starts empty (sensor sums; the trail's points have no smoothed
 * altitude).
 */
function current(state: LiveStatsState): LiveStatsState {
  const { shown: _shown, ...rest } = state;
  const next: LiveStatsState = copyForWrite(rest);
  if ((next.v as number) !== 1) return next;
  next.v = 2;
  next.motion.still ??= false;
  next.elevation.source ??= null;
  return next;
}

/** Applies a batch; returns a new state (the input is not modified). */
export function advanceLiveState(
  state: LiveStatsState,
  newPointsSortedByTs: readonly StatPoint[],
  activity: ActivityType,
): LiveStatsState {
  const next = current(state);
  next.activity = activity;
  const engine = createEngine(next);
  let i = next.count;
  for (const p of newPointsSortedByTs) pushPoint(engine, p, i++);
  next.shown = finishedStats(next);
  return next;
}

/** What a read that only presents a running track takes of its state (db/tracks.ts, TRACK_SHOWN_COLUMNS). */
export interface LiveStatsShown {
  shown: TrackStats;
}

/** The statistics so far, counting the points the outlier filter still holds back. */
export function liveStatsOf(state: LiveStatsState | LiveStatsShown): TrackStats {
  return "filter" in state ? (state.shown ?? finishedStats(state)) : state.shown;
}

function finishedStats(state: LiveStatsState): TrackStats {
  const engine = createEngine(current(state));
  finishEngine(engine);
  return statsOf(engine.state);
}

/** Guards a value read back from the database (an unknown shape means: start afresh). */
export function isLiveStatsState(value: unknown): value is LiveStatsState {
  const field = (object: unknown, key: string): unknown =>
    typeof object === "object" && object !== null ? (object as Record<string, unknown>)[key] : undefined;
  const filter = field(value, "filter");
  const motion = field(value, "motion");
  const elevation = field(value, "elevation");
  const v = field(value, "v");
  const sensors = field(value, "sensors");
  return (
    (v === 1 || (v === 2 && typeof sensors === "object" && sensors !== null)) &&
    typeof field(value, "count") === "number" &&
    Array.isArray(field(filter, "suspects")) &&
    Array.isArray(field(filter, "tentative")) &&
    Array.isArray(field(motion, "trail")) &&
    Array.isArray(field(motion, "recent")) &&
    Array.isArray(field(elevation, "recent"))
  );
}
