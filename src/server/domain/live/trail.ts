import { simplifyIndexes } from "../simplify";

/**
 * The trails live viewers get (snapshot, finished tracks): thinned to 2 m of shape and 5 m of time-synchronised
 * error (simplify.ts, TD-TR). The replay places runners by interpolating in time along these trails
 * (lib/live/replay.ts), so a stop or a change of pace must survive the thinning. 5 m is under 2 s at running
 * pace and about a marker's width at street zoom; 2 m would keep GPS jitter (1.8× the bytes on real tracks),
 * while 5 m costs 4 % more than shape alone and brings the replay's worst error from 46 m to 5 m
 * (docs/live.md, "Trails"; npm run bench:trails).
 */
export const LIVE_TRAIL_TOLERANCE = { shapeM: 2, timeM: 5 } as const;

/** Indexes of the points a live trail keeps, ascending; first and last always. */
export function liveTrailIndexes(points: ReadonlyArray<{ lat: number; lon: number; ts: number }>): number[] {
  return simplifyIndexes(points, LIVE_TRAIL_TOLERANCE.shapeM, {
    time: { toleranceMeters: LIVE_TRAIL_TOLERANCE.timeM },
  });
}
