import type { Checkpoint } from "./checkpoints";
import { FINISH_TOLERANCE_M, PASSING_MAX_GAP_SEC, START_TOLERANCE_M } from "./params";
import type { ProgressSample, ProgressState } from "./progress-types";

export type PassingStatus = "measured" | "estimated" | "missing";

/**
 * When a participant passed a checkpoint. `ts` is interpolated between the last fix matched on the course
 * before the crossing and the fix after it (rounded to the second); `gapSec`/`gapM` are the time and
 * along-course distance between those two fixes, so a reader sees what the time rests on.
 */
export interface Passing {
  checkpointId: string;
  status: PassingStatus;
  /** Epoch ms, whole seconds; null when missing. */
  ts: number | null;
  gapSec: number | null;
  gapM: number | null;
  /**
   * Why estimated or missing: "gap" (fixes more than PASSING_MAX_GAP_SEC apart), "jump" (the progress
   * jumped over it, see ProgressSample.jump), "before-first-fix" (tracking began past it).
   */
  reason: "gap" | "jump" | "before-first-fix" | null;
  /** When a live view learnt of it: the deciding sample's decidedTs. */
  knownTs: number;
}

/** Where a participant's decided progress stands: what the next batch's passings are measured from. */
export interface PassingCursor {
  progressM: number;
  lastMatched: { ts: number; alongM: number } | null;
}

export function cursorOf(state: ProgressState): PassingCursor | null {
  return state.last === null ? null : { progressM: state.last.progressM, lastMatched: state.lastMatched };
}

/** Float dust: a lap course's finish is laps × lap length, its last vertex (laps − 1) × lap + lap. */
const EPS_M = 0.01;

/**
 * The checkpoint counts as passed once the progress reaches it; the start once the runner leaves it; the
 * finish, and anything in the last FINISH_TOLERANCE_M, once within that of the finish (a phone stopped on
 * the line), their times then extrapolated at the pace of the last two fixes.
 */
function reached(c: Checkpoint, progressM: number, finishM: number): boolean {
  if (c.distanceM === 0) return progressM > 0;
  const zone = finishM - FINISH_TOLERANCE_M;
  return progressM >= (c.distanceM >= zone ? zone : c.distanceM - EPS_M);
}

/**
 * The progress at which a checkpoint counts as passed (reached() as a bound): `progressM > thresholdM` when
 * strict, else `>=`. A store of samples finds each participant's crossing with it (an index lookup).
 */
export function passingThreshold(c: Checkpoint, finishM: number): { thresholdM: number; strict: boolean } {
  if (c.distanceM === 0) return { thresholdM: 0, strict: true };
  const zone = finishM - FINISH_TOLERANCE_M;
  return { thresholdM: c.distanceM >= zone ? zone : c.distanceM - EPS_M, strict: false };
}

/**
 * The passings decided by new samples (in time order), given where the progress stood before them (null:
 * these are the participant's first samples). Every checkpoint passed gets exactly one passing over the
 * participant's life, so feeding batches gives the same list as computePassings on all samples.
 */
export function detectPassings(
  checkpoints: readonly Checkpoint[],
  before: PassingCursor | null,
  samples: readonly ProgressSample[],
): Passing[] {
  const out: Passing[] = [];
  const finishM = checkpoints.find((c) => c.kind === "finish")?.distanceM ?? Number.POSITIVE_INFINITY;
  let k = 0;
  let progress = before?.progressM ?? null;
  let lastMatched = before?.lastMatched ?? null;
  if (progress !== null)
    while (k < checkpoints.length && reached(checkpointAt(checkpoints, k), progress, finishM)) k++;
  for (const s of samples) {
    if (progress === null) {
      // Tracking began here: what lies behind was never seen (a few metres past the start still count).
      const startSeen = s.progressM <= START_TOLERANCE_M;
      while (k < checkpoints.length) {
        const c = checkpointAt(checkpoints, k);
        if (c.distanceM === 0 && startSeen) break;
        if (c.distanceM > 0 && s.progressM <= c.distanceM + EPS_M) break;
        out.push({
          checkpointId: c.id,
          status: "missing",
          ts: null,
          gapSec: null,
          gapM: null,
          reason: "before-first-fix",
          knownTs: s.decidedTs,
        });
        k++;
      }
    } else {
      while (k < checkpoints.length && reached(checkpointAt(checkpoints, k), s.progressM, finishM)) {
        out.push(interpolate(checkpointAt(checkpoints, k), lastMatched, s));
        k++;
      }
    }
    progress = s.progressM;
    if (s.alongM !== null) lastMatched = { ts: s.ts, alongM: s.alongM };
  }
  return out;
}

/** All passings of a participant from all their samples (a checkpoint moved, added or deleted). */
export function computePassings(
  checkpoints: readonly Checkpoint[],
  samples: readonly ProgressSample[],
): Passing[] {
  return detectPassings(checkpoints, null, samples);
}

function checkpointAt(checkpoints: readonly Checkpoint[], k: number): Checkpoint {
  const c = checkpoints[k];
  if (c === undefined) throw new RangeError("checkpoint index out of range");
  return c;
}

function interpolate(c: Checkpoint, from: PassingCursor["lastMatched"], to: ProgressSample): Passing {
  // Already there at the previous fix (the first fix stood on the checkpoint).
  if (from === null || from.alongM >= c.distanceM - EPS_M || to.progressM <= from.alongM) {
    const ts = Math.round((from?.ts ?? to.ts) / 1000) * 1000;
    return {
      checkpointId: c.id,
      status: "measured",
      ts,
      gapSec: 0,
      gapM: 0,
      reason: null,
      knownTs: to.decidedTs,
    };
  }
  const f = Math.max(0, (c.distanceM - from.alongM) / (to.progressM - from.alongM));
  const ts = Math.round((from.ts + f * (to.ts - from.ts)) / 1000) * 1000;
  const gapSec = (to.ts - from.ts) / 1000;
  const reason = to.jump ? "jump" : gapSec > PASSING_MAX_GAP_SEC ? "gap" : null;
  return {
    checkpointId: c.id,
    status: reason === null ? "measured" : "estimated",
    ts,
    gapSec,
    gapM: to.progressM - from.alongM,
    reason,
    knownTs: to.decidedTs,
  };
}
