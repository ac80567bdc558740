import type { LeaderboardRow, Passing, ResultRow } from "~/server/domain/race";
import type { StoredPassing } from "~/server/db/races";
import type { TLeaderboardRow } from "./schemas/race";

/** Race shapes between the domain (epoch ms, camelCase) and the API and live stream (ISO, snake_case). */

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const metres = (m: number | null) => (m === null ? null : Math.round(m));

export function toLeaderboardRow(r: LeaderboardRow): TLeaderboardRow {
  return {
    participant_id: r.id,
    bib: r.bib,
    name: r.name,
    rank: r.rank,
    status: r.status,
    status_auto: r.statusAuto,
    time_sec: r.timeSec,
    chip_time_sec: r.chipTimeSec,
    gap_sec: r.gapSec,
    gap_m: metres(r.gapM),
    distance_m: Math.round(r.distanceM),
    to_finish_m: Math.round(r.toFinishM),
    pace_sec_per_km: r.paceSecPerKm,
    last_checkpoint: r.lastCheckpoint
      ? {
          id: r.lastCheckpoint.id,
          name: r.lastCheckpoint.name,
          distance_m: Math.round(r.lastCheckpoint.distanceM),
          at: new Date(r.lastCheckpoint.ts).toISOString(),
        }
      : null,
    next: r.next
      ? { id: r.next.id, name: r.next.name, distance_m: Math.round(r.next.distanceM), eta: iso(r.next.etaTs) }
      : null,
    predicted_finish: iso(r.predictedFinishTs),
    last_fix: iso(r.lastFixTs),
    flags: r.flags,
  };
}

export function toResultRow(r: ResultRow) {
  const {
    next: _n,
    predicted_finish: _p,
    pace_sec_per_km: _pace,
    ...row
  } = toLeaderboardRow({
    ...r,
    next: null,
    predictedFinishTs: null,
    paceSecPerKm: null,
  });
  return {
    ...row,
    splits: r.splits.map((s) => ({
      checkpoint_id: s.checkpointId,
      elapsed_sec: s.elapsedSec,
      status: s.status,
    })),
  };
}

export function toPassingOut(p: StoredPassing & { participantId: string }) {
  return {
    participant_id: p.participantId,
    track_id: p.trackId,
    checkpoint_id: p.checkpointId,
    status: p.status as Passing["status"],
    at: iso(p.ts),
    gap_sec: p.gapSec,
    gap_m: metres(p.gapM),
    reason: p.reason,
  };
}
