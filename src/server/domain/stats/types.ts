/** Sports the statistics know; each has its own speed limits (see params.ts). */
export type ActivityType = "run" | "walk" | "bike" | "hike";

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
}

/** A pause the athlete asked for (paused → running state change), epoch ms. */
export interface PauseInterval {
  start: number;
  end: number;
}

/** The statistics of a track; the definitions live in docs/statistics.md. */
export interface TrackStats {
  distanceMeters: number | null;
  durationSec: number | null;
  movingTimeSec: number | null;
  pausedTimeSec: number | null;
  elevationGainM: number | null;
  elevationLossM: number | null;
  meanSpeedMps: number | null;
  paceSecPerKm: number | null;
  maxSpeedMps: number | null;
  maxAltitudeM: number | null;
  minAltitudeM: number | null;
  pointsCount: number;
}
