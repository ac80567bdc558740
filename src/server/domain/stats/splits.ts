import { elevationGain, elevationLoss } from "./elevation";
import { runEngine } from "./engine";
import { DEFAULT_SPLIT_METERS } from "./params";
import type { StatPoint, StatsOptions } from "./types";

export interface Split {
  /** 0-based. */
  index: number;
  distanceMeters: number;
  /** Moving time spent in the split (stops and pauses excluded), like the track's pace. */
  durationSec: number;
  paceSecPerKm: number | null;
  elevationGainM: number;
  elevationLossM: number;
}

/** Shorter leftovers are float dust: merged into the previous split instead of making a split of their own. */
const MIN_LAST_SPLIT_M = 0.5;

/**
 * Splits every `splitMeters` (default 1 km) of the same distance as computeStats, the last partial one
 * included; the sums of distance, moving time, gain and loss over the splits equal the track's.
 * Split boundaries are interpolated inside the segment that crosses them.
 */
export function computeSplits(
  points: readonly StatPoint[],
  opts: StatsOptions & { splitMeters?: number },
): Split[] {
  const requested = opts.splitMeters ?? DEFAULT_SPLIT_METERS;
  const splitMeters = Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_SPLIT_METERS;
  const splits: Split[] = [];
  let start = { distance: 0, movingMs: 0, gain: 0, loss: 0 };
  const close = (distance: number, movingMs: number, gain: number, loss: number) => {
    const distanceMeters = distance - start.distance;
    const durationSec = (movingMs - start.movingMs) / 1000;
    splits.push({
      index: splits.length,
      distanceMeters,
      durationSec,
      paceSecPerKm: distanceMeters > 0 ? durationSec / (distanceMeters / 1000) : null,
      elevationGainM: gain - start.gain,
      elevationLossM: loss - start.loss,
    });
    start = { distance, movingMs, gain, loss };
  };

  const state = runEngine(points, opts, {
    moved: (_p, s, d, dtMs) => {
      const end = s.motion.distance;
      const from = end - d;
      const gain = elevationGain(s.elevation);
      const loss = elevationLoss(s.elevation);
      let boundary = (splits.length + 1) * splitMeters;
      while (boundary <= end) {
        const movingMs = s.motion.movingMs - dtMs + (dtMs * (boundary - from)) / d;
        close(boundary, movingMs, gain, loss);
        boundary = (splits.length + 1) * splitMeters;
      }
    },
  });

  const { distance, movingMs } = state.motion;
  const gain = elevationGain(state.elevation);
  const loss = elevationLoss(state.elevation);
  const last = splits[splits.length - 1];
  if (last === undefined || distance - start.distance >= MIN_LAST_SPLIT_M) {
    if (distance > start.distance) close(distance, movingMs, gain, loss);
    return splits;
  }
  last.distanceMeters += distance - start.distance;
  last.durationSec += (movingMs - start.movingMs) / 1000;
  last.elevationGainM += gain - start.gain;
  last.elevationLossM += loss - start.loss;
  last.paceSecPerKm = last.durationSec / (last.distanceMeters / 1000);
  return splits;
}
