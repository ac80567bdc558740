import type { Queryable } from "./client";
import { nullable } from "./points";
import { checkRows } from "./rows";
import { TRACK_COLUMNS, TRACK_ROW, type Track, toTrack } from "./tracks";

/**
 * The tracks tracker apps open (services/trackers.ts): one token is one device, `tracker_token_id` names it.
 * The event's end for trackers is the end of its day in its own timezone (domain/trackers/session.ts).
 */
const EVENT_END_SQL =
  "((date_trunc('day', e.starts_at AT TIME ZONE e.timezone) + interval '1 day') AT TIME ZONE e.timezone)";

export interface DeviceState {
  startsAt: Date;
  timezone: string;
  /** The token's newest track (by start) and its row version, as selectTrack reads it. */
  track: { track: Track; version: string } | null;
}

/** The event and the device's newest track, in one round trip (the hot path: one per fix). */
export async function selectDeviceState(
  q: Queryable,
  eventId: string,
  tokenId: string,
): Promise<DeviceState | null> {
  const [row] = await q.rows(
    { e_starts_at: "timestamp", e_timezone: "text", ...nullable(TRACK_ROW), row_version: "text?" },
    `SELECT e.starts_at AS e_starts_at, e.timezone AS e_timezone, d.* FROM events e
       LEFT JOIN LATERAL (SELECT ${TRACK_COLUMNS}, t.xmin::text AS row_version FROM tracks t
                           WHERE t.tracker_token_id = $2 AND t.event_id = e.id
                           ORDER BY t.start_ts DESC LIMIT 1) d ON true
      WHERE e.id = $1`,
    [eventId, tokenId],
  );
  if (!row) return null;
  const { e_starts_at: startsAt, e_timezone: timezone, row_version: version, ...track } = row;
  if (track.id === null || version === null) return { startsAt, timezone, track: null };
  const [checked] = checkRows(TRACK_ROW, [track], "device track");
  return { startsAt, timezone, track: checked ? { track: toTrack(checked), version } : null };
}

/**
 * Serialises the opening of a device's track, on every instance: held until the transaction ends. Two fixes
 * of one device racing (a retry sent before the first answer) must not open two tracks.
 */
export async function lockDevice(q: Queryable, tokenId: string): Promise<void> {
  await q.rows(
    { locked: "text?" },
    "SELECT pg_advisory_xact_lock(hashtextextended($1, 12))::text AS locked",
    [`tracker:${tokenId}`],
  );
}

export async function hasOpenDeviceTrack(q: Queryable, tokenId: string): Promise<boolean> {
  const rows = await q.rows(
    { id: "uuid" },
    "SELECT id FROM tracks WHERE tracker_token_id = $1 AND stats_computed_at IS NULL LIMIT 1",
    [tokenId],
  );
  return rows.length > 0;
}

export async function markDeviceTrack(q: Queryable, trackId: string, tokenId: string): Promise<void> {
  await q.execute("UPDATE tracks SET tracker_token_id = $2 WHERE id = $1", [trackId, tokenId]);
}

/** Tracker tracks still open whose device sent nothing for `idleSec` (database clock), or whose event ended. */
export async function selectIdleDeviceTracks(
  q: Queryable,
  idleSec: number,
  limit: number,
): Promise<string[]> {
  const rows = await q.rows(
    { id: "uuid" },
    `SELECT t.id FROM tracks t JOIN events e ON e.id = t.event_id
      WHERE t.tracker_token_id IS NOT NULL AND t.stats_computed_at IS NULL
        AND (t.updated_at < now() - make_interval(secs => $1) OR now() >= ${EVENT_END_SQL})
      ORDER BY t.updated_at LIMIT $2`,
    [idleSec, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Locks a tracker track that is still open — and, with `idleSec`, still idle or past its event's end (checked
 * again under the lock: a fix may have come meanwhile, another instance may have closed it). Null otherwise.
 */
export async function lockOpenDeviceTrack(
  q: Queryable,
  trackId: string,
  idleSec: number | null,
): Promise<Track | null> {
  const [row] = await q.rows(
    TRACK_ROW,
    `SELECT ${TRACK_COLUMNS} FROM tracks t JOIN events e ON e.id = t.event_id
      WHERE t.id = $1 AND t.tracker_token_id IS NOT NULL AND t.stats_computed_at IS NULL
        AND ($2::float8 IS NULL OR t.updated_at < now() - make_interval(secs => $2) OR now() >= ${EVENT_END_SQL})
      FOR UPDATE OF t`,
    [trackId, idleSec],
  );
  return row ? toTrack(row) : null;
}

/** The device's track that had started by `ts` (the newest such), else its first one: for a late fix. */
export async function selectDeviceTrackAt(q: Queryable, tokenId: string, ts: number): Promise<Track | null> {
  const [row] = await q.rows(
    TRACK_ROW,
    `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.tracker_token_id = $1
      ORDER BY (t.start_ts <= $2) DESC, CASE WHEN t.start_ts <= $2 THEN t.start_ts END DESC, t.start_ts LIMIT 1`,
    [tokenId, new Date(ts).toISOString()],
  );
  return row ? toTrack(row) : null;
}
