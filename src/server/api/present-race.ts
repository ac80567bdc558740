import type { LeaderboardRow, Passing, ResultRow, RowField, RowPatch } from "~/server/domain/race";
import type { StoredPassing } from "~/server/db/races";
import type { TLeaderboardRow, TLeaderboardRowPatch } from "./schemas/race";

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

/** Where each domain field shows in a wire row (null: not shown). Typed over every field, so none is forgotten. */
const WIRE_FIELD: Record<RowField, keyof TLeaderboardRow | null> = {
  bib: "bib",
  name: "name",
  rank: "rank",
  status: "status",
  statusAuto: "status_auto",
  statusReason: null,
  startTs: null,
  finishTs: null,
  timeSec: "time_sec",
  chipTimeSec: "chip_time_sec",
  distanceM: "distance_m",
  toFinishM: "to_finish_m",
  gapSec: "gap_sec",
  gapM: "gap_m",
  paceSecPerKm: "pace_sec_per_km",
  lastCheckpoint: "last_checkpoint",
  next: "next",
  predictedFinishTs: "predicted_finish",
  lastFixTs: "last_fix",
  flags: "flags",
};

function copyField<K extends keyof TLeaderboardRow>(to: TLeaderboardRowPatch, from: TLeaderboardRow, key: K) {
  to[key] = from[key];
}

/** A live patch of a row (domain/race/board-diff.ts): its id and the wire fields of what changed. */
export function toLeaderboardRowPatch(p: RowPatch): TLeaderboardRowPatch {
  const row = toLeaderboardRow(p.row);
  const out: TLeaderboardRowPatch = { participant_id: row.participant_id };
  for (const field of p.fields) {
    const key = WIRE_FIELD[field];
    if (key) copyField(out, row, key);
  }
  return out;
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
