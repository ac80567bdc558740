import type { StatValues } from "./descriptors";

/** Sports the statistics know; each has its own speed limits (see params.ts). */
export type ActivityType = "run" | "walk" | "bike" | "hike";

/** Where altitudes come from, when known: it sets how much of their wandering is noise (docs/statistics.md). */
export type AltitudeSource = "barometric" | "gps";

/** One recorded GPS fix, as the statistics need it (a subset of the stored point). */
export interface StatPoint {
  /** Epoch milliseconds. */
  ts: number;
  lat: number;
  lon: number;
  /** Metres; barometric or GPS, whatever the device sent. */
  altitude?: number | null;
  /** Horizontal accuracy in metres (68 % radius, as phones report it). */
  accuracy?: number | null;
  /** Speed reported by the device; not used by the statistics (see docs/statistics.md). */
  speedMps?: number | null;
  /**
   * Distance the device itself counted since its start (FIT record distance, TCX DistanceMeters). Where
   * two points carry it and it agrees with their positions, it measures the way between them.
   */
  distanceM?: number | null;
  heartRateBpm?: number | null;
  /** Revolutions (bike) or strides of one foot (run) per minute. */
  cadenceRpm?: number | null;
  powerW?: number | null;
  temperatureC?: number | null;
}

/** A pause the athlete asked for (paused → running state change), epoch ms. */
export interface PauseInterval {
  start: number;
  end: number;
}

/** What every statistic takes besides the points. */
export interface StatsOptions {
  activity: ActivityType;
  /** The athlete's explicit pauses. */
  pauses?: readonly PauseInterval[];
  /** Where the altitudes come from, when the source says (ParsedTrack.altitudeSource); else judged from them. */
  altitudeSource?: AltitudeSource;
}

/**
 * The statistics of a track: one field per entry of descriptors.ts (definitions in docs/statistics.md), and
 * the number of points they came from.
 */
export type TrackStats = StatValues & { pointsCount: number };
