import { byColumn } from "~/server/domain/stats/descriptors";
import type { LiveSnapshot, LiveTrack, WirePoint } from "./state";

/** Synthetic live data for the unit tests. */
export function liveTrack(id: string, overrides: Partial<LiveTrack> = {}): LiveTrack {
  return {
    id,
    title: `Sortie ${id}`,
    activity_type: "run",
    state: "running",
    start_ts: "2026-05-10T07:30:00.000Z",
    end_ts: null,
    image_url: null,
    user_id: null,
    participant_id: null,
    destination: null,
    distance_left_m: null,
    points_count: 0,
    stats: { ...byColumn({}), points_count: null },
    participant: null,
    last: null,
    ...overrides,
  };
}

export const T0 = Date.parse("2026-05-10T07:30:00.000Z");

/** `n` points heading north from 45°N 6°E at a steady ≈1.1 m/s, one every `stepSec` from `T0 + fromSec`. */
export function points(n: number, fromSec = 0, stepSec = 5): WirePoint[] {
  return Array.from({ length: n }, (_, i) => {
    const sec = fromSec + i * stepSec;
    return [45 + sec * 0.00001, 6, T0 + sec * 1000, 500] as WirePoint;
  });
}

export function snapshot(
  tracks: Array<LiveTrack & { trail: WirePoint[] }>,
  overrides: Partial<LiveSnapshot> = {},
): LiveSnapshot {
  return {
    event: {
      id: "00000000-0000-4000-8000-000000000001",
      name: "Trail",
      is_public: true,
      starts_at: "2026-05-10T07:30:00.000Z",
      timezone: "Europe/Paris",
      role: "spectator",
      delay_sec: 0,
      stale_after_sec: 60,
      start: null,
      destination: null,
    },
    participants: [],
    cut_ts: null,
    tracks,
    seq: 10,
    server_time: "2026-05-10T08:00:00.000Z",
    ...overrides,
  };
}
