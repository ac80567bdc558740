/** Sports Runify knows: each has its own speed limits in the statistics (stats/params.ts). */
export const ACTIVITY_TYPES = ["run", "walk", "bike", "hike"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const isActivityType = (value: unknown): value is ActivityType =>
  (ACTIVITY_TYPES as readonly unknown[]).includes(value);

/** A track's life: running while the phone sends points, paused by the athlete, stopped once finished. */
export const TRACK_STATES = ["running", "paused", "stopped"] as const;
export type TrackState = (typeof TRACK_STATES)[number];

export const isTrackState = (value: unknown): value is TrackState =>
  (TRACK_STATES as readonly unknown[]).includes(value);
