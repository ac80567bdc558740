export type ActivityType = "run" | "walk" | "bike" | "hike";

/** What a device measured at one instant, with or without a GPS position. */
export interface ParsedSample {
  /** Epoch milliseconds (UTC). */
  ts: number;
  altitude?: number;
  speedMps?: number;
  /** Distance the device itself counted since the start (FIT record `distance`, TCX `DistanceMeters`). */
  distanceM?: number;
  heartRateBpm?: number;
  /** Revolutions (bike) or strides of one foot (run) per minute, as FIT, TCX and GPX record it. */
  cadenceRpm?: number;
  powerW?: number;
  temperatureC?: number;
}

export interface ParsedPoint extends ParsedSample {
  lat: number;
  lon: number;
  /** Degrees clockwise from true north, 0 ≤ heading < 360. */
  heading?: number;
  /** Horizontal accuracy in metres, when the device reports it (FIT `gps_accuracy`). */
  accuracy?: number;
}

/** The device's own summary of the activity (FIT session, TCX laps); each field only when the file has it. */
export interface DeviceTotals {
  distanceM?: number;
  ascentM?: number;
  descentM?: number;
  /** Time the device's timer ran (auto-pause and manual pauses excluded). */
  timerSec?: number;
  /** Start to end, pauses included. */
  elapsedSec?: number;
  /** The device's own moving time, when it records one (some FIT sessions). */
  movingSec?: number;
}

/** Where the altitudes come from, when the file says so (FIT device info lists a barometer, or only a GPS). */
export type AltitudeSource = "barometric" | "gps";

export interface ParsedTrack {
  name?: string;
  activityType?: ActivityType;
  startTs?: number;
  /** Sorted by ts, no two points share a ts. Empty for a recording without GPS (see `samples`). */
  points: ParsedPoint[];
  /**
   * Only for a recording without any GPS position (treadmill, indoor trainer): its time series, sorted by ts,
   * one per ts. A track always has points or samples, never both.
   */
  samples?: ParsedSample[];
  deviceTotals?: DeviceTotals;
  altitudeSource?: AltitudeSource;
  /** What was repaired or left out of a damaged file, in words for its owner; absent when nothing was. */
  repairs?: string[];
  /** Where the file's own segments after the first begin (GPX <trkseg>), epoch ms; absent when one segment. */
  segmentStarts?: number[];
}

export type ActivityFormat = "gpx" | "tcx" | "fit" | "zip";
