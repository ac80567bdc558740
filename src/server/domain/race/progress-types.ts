import type { Candidate } from "./candidates";

/** A GPS fix as the race needs it (the stored point and the parsers' points both fit). */
export interface Fix {
  /** Epoch milliseconds. */
  ts: number;
  lat: number;
  lon: number;
}

export interface ProgressParams {
  /**
   * When the participant may start (gun, wave, or the opening of an individual start): earlier fixes are
   * ignored, and the first place found on the course must be reachable from the start since then.
   */
  startMs: number | null;
  /** Fixes after this (the course closes) are ignored; null: no end. */
  endMs: number | null;
  /** Along-course speed that cannot be exceeded (ACTIVITY_PARAMS of the statistics: 12 m/s for a run). */
  maxSpeedMps: number;
  /** Defaults: OFF_COURSE_M, OFF_COURSE_SEC, MATCH_RADIUS_M. */
  offCourseM?: number;
  offCourseSec?: number;
  matchRadiusM?: number;
}

/**
 * The progress of one fix, once decided. `progressM` never decreases: it is the furthest point of the
 * course reached so far, and what passings, ranks and predictions read.
 */
export interface ProgressSample {
  ts: number;
  /** Time of the fix whose arrival decided this one (later than `ts` after a wait): what a replay goes by. */
  decidedTs: number;
  progressM: number;
  /** Where this fix lies along the course; null when it matched nowhere reachable (off course, outlier). */
  alongM: number | null;
  /** Distance from the fix to the nearest part of the course; null beyond the match radius. */
  offsetM: number | null;
  /** Along-course speed over the last SPEED_WINDOW_SEC; null until SPEED_MIN_SPAN_SEC were seen. */
  speedMps: number | null;
  /** Farther than offCourseM from the course for more than offCourseSec (between start and finish only). */
  offCourse: boolean;
  /**
   * The progress jumped to this fix: impossible at max speed (re-located after OUTLIER_CONFIRM_POINTS
   * agreeing fixes) or over JUMP_SPEED_FACTOR × the runner's current speed and JUMP_MIN_M (a shortcut, a lift).
   */
  jump: boolean;
}

/** A fix waiting for a decision: a step of a hypothesis. */
export interface PendingStep {
  ts: number;
  alongM: number | null;
  offsetM: number | null;
  /** Re-located here after an impossible move (set on the first fix of a confirmed run of suspects). */
  relock: boolean;
}

/** One way the recent fixes could lie on the course (several only after a gap, at the start, on ambiguity). */
export interface Hypothesis {
  cost: number;
  /** The last matched fix of this hypothesis. */
  alongM: number;
  ts: number;
  lat: number;
  lon: number;
  path: PendingStep[];
}

/** A fix near the course but nowhere reachable from any hypothesis (an outlier, or a real jump). */
export interface Suspect extends Fix {
  offsetM: number | null;
  candidates: Candidate[];
}

/**
 * Everything needed to go on with the next batch: plain JSON, a few hundred bytes in the steady state (one
 * hypothesis with an empty path, up to 31 speed anchors).
 */
export interface ProgressState {
  v: 1;
  /** Time of the last fix taken: older or equal fixes are ignored (see docs/race.md on late fixes). */
  lastFixTs: number | null;
  /** The last decided sample, and the time of the first. */
  last: ProgressSample | null;
  firstTs: number | null;
  /** The last decided fix that matched the course. */
  lastMatched: { ts: number; alongM: number; speedMps: number | null } | null;
  hypotheses: Hypothesis[];
  suspects: Suspect[];
  /** [ts, progressM] kept every SPEED_ANCHOR_SEC over the last SPEED_WINDOW_SEC. */
  anchors: [number, number][];
  /** Start of the current stretch away from the course. */
  offSince: number | null;
}
