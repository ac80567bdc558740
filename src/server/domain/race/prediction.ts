import type { ActivityType } from "~/server/domain/stats";
import { type Course, climbTo } from "./course";
import { CLIMB_FACTOR, ETA_RECENT_WEIGHT, PREDICT_MIN_M, SPEED_WINDOW_SEC } from "./params";
import type { ProgressSample } from "./progress-types";

/**
 * Predicted times, from an "effort distance": the distance along the course plus `climbFactor` metres per
 * metre of climb (Naismith's rule, 1 m up ≈ 8.33 m on the flat). The runner's effort speed so far (since
 * their start) carries them to the finish; the next checkpoint's ETA also weighs in the speed of the last
 * minutes. docs/race.md shows the errors of these choices on the real recordings.
 */
export interface PaceInput {
  /** The participant's start (gun, wave or own start), epoch ms. */
  startTs: number;
  /** Their latest progress sample. */
  sample: ProgressSample;
  /** Metres of flat per metre of climb; defaults per activity in CLIMB_FACTOR. */
  climbFactor: number;
}

export const climbFactorFor = (activity: ActivityType): number => CLIMB_FACTOR[activity];

export const effortTo = (course: Course, distanceM: number, climbFactor: number): number =>
  distanceM + (climbFactor > 0 ? climbFactor * climbTo(course, distanceM).gainM : 0);

/**
 * When the participant should reach `targetM` (epoch ms), their effort speed being `recentWeight` parts the
 * recent one and the rest the average since the start; null before PREDICT_MIN_M or without movement.
 */
export function arrival(
  course: Course,
  pace: PaceInput,
  targetM: number,
  recentWeight: number,
): number | null {
  const { sample, climbFactor } = pace;
  const p = sample.progressM;
  const elapsedSec = (sample.ts - pace.startTs) / 1000;
  if (targetM <= p) return sample.ts;
  if (p < PREDICT_MIN_M || elapsedSec <= 0) return null;
  const here = effortTo(course, p, climbFactor);
  const average = here / elapsedSec;
  let speed = average;
  const recent = sample.speedMps;
  if (recentWeight > 0 && recent !== null && recent > 0) {
    // The recent stretch's own effort speed (a climb just behind slows the pace, not the runner).
    const back = Math.min(p, recent * SPEED_WINDOW_SEC);
    const recentEffort =
      back > 0 ? (recent * (here - effortTo(course, p - back, climbFactor))) / back : recent;
    speed = (1 - recentWeight) * average + recentWeight * recentEffort;
  }
  if (!(speed > 0)) return null;
  return sample.ts + ((effortTo(course, targetM, climbFactor) - here) / speed) * 1000;
}

export function predictFinishTs(course: Course, pace: PaceInput): number | null {
  const ts = arrival(course, pace, course.lengthM, 0);
  return ts === null ? null : Math.round(ts / 1000) * 1000;
}

export function predictEtaTs(course: Course, pace: PaceInput, targetM: number): number | null {
  const ts = arrival(course, pace, targetM, ETA_RECENT_WEIGHT);
  return ts === null ? null : Math.round(ts / 1000) * 1000;
}
