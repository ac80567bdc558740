import type { Passing } from "./passings";
import type { ProgressSample } from "./progress-types";
import { type LeaderboardRow, leaderboard, type RaceContext } from "./ranking";
import type { Entrant } from "./status";

/** A participant's stored history: their samples (time order) and passings. */
export interface ReplayEntrant extends Omit<Entrant, "last" | "firstTs" | "passings"> {
  samples: readonly ProgressSample[];
  passings: readonly Passing[];
}

interface Indexed {
  entrant: ReplayEntrant;
  /** When each sample was decided (ascending, like the samples). */
  ts: Float64Array;
  /** Passings by the time they became known, and those times. */
  passings: Passing[];
  knownTs: Float64Array;
}

/** Built once per race (or per change of its stored progress), then scrubbed at any time. */
export interface ReplayIndex {
  entrants: Indexed[];
  fromTs: number | null;
  toTs: number | null;
}

export function buildReplay(entrants: readonly ReplayEntrant[]): ReplayIndex {
  let fromTs: number | null = null;
  let toTs: number | null = null;
  const indexed = entrants.map((entrant) => {
    const ts = Float64Array.from(entrant.samples, (s) => s.decidedTs);
    const first = entrant.samples[0]?.ts;
    const last = ts[ts.length - 1];
    if (first !== undefined && (fromTs === null || first < fromTs)) fromTs = first;
    if (last !== undefined && (toTs === null || last > toTs)) toTs = last;
    const passings = [...entrant.passings].sort((a, b) => a.knownTs - b.knownTs);
    return { entrant, ts, passings, knownTs: Float64Array.from(passings, (p) => p.knownTs) };
  });
  return { entrants: indexed, fromTs, toTs };
}

/** Index of the last value ≤ t in an ascending array, or -1. */
function lastAtOrBefore(values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? Number.POSITIVE_INFINITY) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Each participant as the live view saw them at `t`: the last sample decided by then, the passings known. */
export function entrantsAt(replay: ReplayIndex, t: number): Entrant[] {
  return replay.entrants.map(({ entrant, ts, passings, knownTs }) => {
    const i = lastAtOrBefore(ts, t);
    const { samples, passings: _all, ...rest } = entrant;
    return {
      ...rest,
      last: i < 0 ? null : (samples[i] ?? null),
      firstTs: i < 0 ? null : (samples[0]?.ts ?? null),
      passings: passings.slice(0, lastAtOrBefore(knownTs, t) + 1),
    };
  });
}

/**
 * The ranking as it was at `t`, from the stored history alone: a binary search per participant, so
 * scrubbing costs about as much as one live ranking. At the last sample it equals the live ranking.
 */
export function leaderboardAt(race: RaceContext, replay: ReplayIndex, t: number): LeaderboardRow[] {
  return leaderboard(race, entrantsAt(replay, t), t);
}
