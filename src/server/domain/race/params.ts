// Every threshold of the race domain, in one place; docs/race.md explains each value.

/** Douglas–Peucker tolerance applied to a route before it becomes a course (GPS jitter, duplicate points). */
export const COURSE_SIMPLIFY_M = 2;
/** Side of a cell of the course's spatial index. */
export const GRID_CELL_M = 100;
/** Altitudes are resampled every this many metres along the course, then smoothed over PROFILE_SMOOTH_M. */
export const PROFILE_STEP_M = 10;
export const PROFILE_SMOOTH_M = 100;
/** Start and end closer than this: the course is a loop (laps repeat it). */
export const LOOP_CLOSE_M = 100;

/** A fix is matched against every part of the course within this distance. */
export const MATCH_RADIUS_M = 150;
/** Two projections of a fix closer than this along the course are the same pass (the nearer one is kept). */
export const CANDIDATE_MERGE_M = 25;
/** Along-course distance always allowed between two fixes on top of max speed × time (noise, corners). */
export const ALONG_SLACK_M = 30;
/** A fix matches a reachable place only if it is at most this much farther than the nearest part of the course. */
export const NEAREST_MARGIN_M = 30;
/** Running back more than this behind the progress (a dropped bottle is nearer) lets fixes near another part of the course re-locate. */
export const BACKTRACK_M = 500;
/** Emission cost: one unit per this many metres between a fix and its projection. */
export const OFFSET_SIGMA_M = 10;
/** Transition cost: |Δalong − expected| in units of SIGMA + FRACTION × expected. */
export const TRANSITION_SIGMA_M = 20;
export const TRANSITION_SIGMA_FRACTION = 0.3;
/** Before the first lock, one cost unit per this many metres along: a runner starts at the start. */
export const START_PRIOR_M = 100;
/** Hypotheses costing more than the best + this are dropped. */
export const PRUNE_COST = 8;
/** Hypotheses closer than this along the course are merged. */
export const MERGE_M = 15;
export const MAX_HYPOTHESES = 8;

/** A move along the course is a jump when over JUMP_MIN_M and JUMP_SPEED_FACTOR × the current speed. */
export const JUMP_MIN_M = 300;
export const JUMP_SPEED_FACTOR = 3;

/** Off course: farther than OFF_COURSE_M from any part of the course for more than OFF_COURSE_SEC. */
export const OFF_COURSE_M = 50;
export const OFF_COURSE_SEC = 60;

/** Current speed: progress over the last SPEED_WINDOW_SEC, from anchors kept every SPEED_ANCHOR_SEC. */
export const SPEED_WINDOW_SEC = 300;
export const SPEED_ANCHOR_SEC = 10;
/** No current speed before this much time has been observed. */
export const SPEED_MIN_SPAN_SEC = 60;

/** A passing interpolated across a longer gap between fixes is "estimated", not "measured". */
export const PASSING_MAX_GAP_SEC = 60;
/** A first fix this close past the start still gives a measured start (the runner stood on the line). */
export const START_TOLERANCE_M = 50;

/** Progress this close to the finish counts as finished (a phone stopped on the line; at most ~8 s at a run). */
export const FINISH_TOLERANCE_M = 25;

/** A checkpoint given as a position must be this close to the course. */
export const SNAP_RADIUS_M = 200;

/**
 * Metres on the flat per metre of climb in predictions (Naismith's 8.33). Measured on the real recordings
 * (docs/race.md): it cuts the rides' half-way error from 10.5 % to 6.7 % but does not help the runs (an
 * up-and-down mountain run gets much worse), so runs, walks and hikes do without.
 */
export const CLIMB_FACTOR: Readonly<Record<"run" | "walk" | "hike" | "bike", number>> = {
  run: 0,
  walk: 0,
  hike: 0,
  bike: 8.33,
};
/** Share of the recent speed (against the average since the start) in a next checkpoint's ETA. */
export const ETA_RECENT_WEIGHT = 0.5;
/** No prediction before this much progress. */
export const PREDICT_MIN_M = 200;
