export type ActivityType = "run" | "walk" | "bike" | "hike";

export interface ParsedPoint {
  /** Epoch milliseconds (UTC). */
  ts: number;
  lat: number;
  lon: number;
  altitude?: number;
  speedMps?: number;
  /** Degrees clockwise from true north, 0 ≤ heading < 360. */
  heading?: number;
}

export interface ParsedTrack {
  name?: string;
  activityType?: ActivityType;
  startTs?: number;
  /** Sorted by ts, no two points share a ts. */
  points: ParsedPoint[];
}

export type ActivityFormat = "gpx" | "tcx" | "fit" | "zip";
