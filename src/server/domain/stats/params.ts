import type { ActivityType } from "./types";

// Every threshold of the statistics, in one place; docs/statistics.md explains each value.

export interface ActivityParams {
  /** A point implying more than this (plus OUTLIER_SLACK_M) from the last good point is an outlier. */
  maxSpeedMps: number;
  /** Net speed over STOP_WINDOW_SEC (GPS noise discounted) below which the athlete is stopped. */
  stopSpeedMps: number;
}

// Outlier limits are "impossible", not "unusual": a walk that turns into a jog must not lose its points.
export const ACTIVITY_PARAMS: Readonly<Record<ActivityType, ActivityParams>> = {
  run: { maxSpeedMps: 12, stopSpeedMps: 0.4 },
  walk: { maxSpeedMps: 6, stopSpeedMps: 0.3 },
  hike: { maxSpeedMps: 6, stopSpeedMps: 0.2 },
  bike: { maxSpeedMps: 30, stopSpeedMps: 1 },
};

/** Distance always allowed between two fixes, whatever the time between them (GPS noise). */
export const OUTLIER_SLACK_M = 15;
/** Consecutive mutually-consistent points that outvote the last good point (it was the outlier, or a jump). */
export const OUTLIER_CONFIRM_POINTS = 4;
/** After a gap this long, the next point starts a new run that must again be confirmed. */
export const OUTLIER_GAP_RESET_SEC = 60;

/** Accuracy assumed when the device reports none (GPX, TCX): good open-sky GPS. */
export const DEFAULT_ACCURACY_M = 1.5;
export const MIN_ACCURACY_M = 1;
/** A move within the two fixes' accuracies (summed, capped here) is jitter and adds no distance. */
export const JITTER_RADIUS_CAP_M = 12;

/** Moving or stopped is judged on the progress over this long (see motion.ts). */
export const STOP_WINDOW_SEC = 20;
/**
 * A metre climbed or descended (beyond the altitude's noise) counts as this many metres of progress when
 * telling moving from stopped: a steep slow climb progresses more upwards than forwards.
 */
export const VERTICAL_PROGRESS_FACTOR = 3;
/** The device's own distance is already filtered: moves below this between two points are standing still. */
export const DEVICE_DISTANCE_NOISE_M = 0.5;

/** Max speed is the best duration-weighted median speed over at least this long: one fix cannot set it. */
export const MAX_SPEED_WINDOW_SEC = 10;

/**
 * Time constant of the exponential smoothing of altitude: enough to even out a wrist barometer's wander
 * (wind, arm, temperature) and most GPS noise, short enough to keep 2 m rollers (docs/statistics.md).
 */
export const ELEVATION_SMOOTHING_SEC = 6;
/** The same for altitudes known to come from GPS, whose noise is slow (correlated over tens of seconds). */
export const ELEVATION_GPS_SMOOTHING_SEC = 15;
/**
 * Hysteresis: a climb or descent counts only once the smoothed altitude has moved by
 * ELEVATION_NOISE_FACTOR × the altitude's own measured noise, kept within [MIN, MAX]. A barometric
 * altimeter (noise ~0.1 m) gets the 1 m floor, so real small rollers count; GPS altitude (noise of metres)
 * gets up to 8 m, so its zig-zag does not.
 */
export const ELEVATION_NOISE_FACTOR = 4;
export const ELEVATION_HYSTERESIS_MIN_M = 1.5;
export const ELEVATION_HYSTERESIS_MAX_M = 8;
/** The floor for altitudes known to come from GPS, which wander by metres over minutes (docs/statistics.md). */
export const ELEVATION_GPS_HYSTERESIS_MIN_M = 5;
/** Used until the noise has been measured (from the third altitude on). */
export const ELEVATION_HYSTERESIS_INITIAL_M = 3;
/** The noise is a running mean over about this many residuals. */
export const ELEVATION_NOISE_SAMPLES = 32;
/** Three altitudes spread over more than this say nothing about noise (terrain dominates). */
export const ELEVATION_NOISE_MAX_SPAN_SEC = 60;
/** One glitch cannot blow the noise estimate up: residuals are clipped to this. */
export const ELEVATION_NOISE_CLIP_M = 10;

export const DEFAULT_SPLIT_METERS = 1000;
export const DEFAULT_CHART_POINTS = 1000;
