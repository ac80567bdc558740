import type { ParsedSample, ParsedTrack } from "~/server/domain/formats/types";

/** Below this (1 km/h, gpxpy's stopped threshold) a device's own speed and distance say "standing". */
const STANDING_MPS = 0.3;

/**
 * The device's moving time, to test ours against. Its own when the session has one; its timer when the
 * timer paused (auto-pause, manual pauses: it then ran only while moving). A timer that never paused ran
 * through the stops too, so the time the device itself showed the athlete standing is taken out of it:
 * the record intervals where its distance did not advance, or advanced under 1 km/h while its speed read
 * under 1 km/h at both ends. Our own algorithm plays no part in this reference.
 */
export function deviceMovingReference(track: ParsedTrack): { seconds: number; basis: string } | null {
  const totals = track.deviceTotals;
  const series: readonly ParsedSample[] = track.points.length > 0 ? track.points : (track.samples ?? []);
  const first = series[0];
  const last = series[series.length - 1];
  if (totals === undefined || first === undefined || last === undefined) return null;
  if (totals.movingSec !== undefined) return { seconds: totals.movingSec, basis: "session moving time" };
  const elapsed = totals.elapsedSec ?? (last.ts - first.ts) / 1000;
  const timer = totals.timerSec;
  if (timer === undefined) return null;
  if (timer < elapsed - 1) return { seconds: timer, basis: "timer (it paused)" };
  let standing = 0;
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1];
    const b = series[i];
    if (a?.distanceM === undefined || b?.distanceM === undefined) continue;
    const dt = (b.ts - a.ts) / 1000;
    const advance = b.distanceM - a.distanceM;
    const slow = (a.speedMps ?? 1) < STANDING_MPS && (b.speedMps ?? 1) < STANDING_MPS;
    if (advance <= 0 || (advance < STANDING_MPS * dt && slow)) standing += dt;
  }
  return { seconds: timer - standing, basis: `timer − ${Math.round(standing)} s standing` };
}
