import type { RaceEntryTimes } from "~/server/domain/live/imports";
import type { Passing, ProgressSample, ProgressState, StartMode } from "~/server/domain/race";
import type { Queryable } from "./client";
import { TRACK_COLUMNS, TRACK_ROW, type Track, toTrack } from "./tracks";

/**
 * Race progress storage (docs/race.md, "Integration"): the matcher's state per track, its samples (one per
 * decided fix, append-only) and passings. Race and checkpoint definitions are plain rows, read through
 * Prisma in services/races.ts; what runs per batch or over every participant is here, set-based.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * THE participant ↔ track match, written once: a track `t` belongs to participant `p` when it is bound to
 * them (tracks.participant_id), or, for a track not bound to anyone, when it carries their user_id.
 */
const TRACK_IS_PARTICIPANTS =
  "(t.participant_id = p.id OR (t.participant_id IS NULL AND p.event_id = t.event_id AND p.user_id = t.user_id))";

/** The race and participant a track counts for, or null (no participant, or one in no race). */
export async function selectRaceEntryOfTrack(
  q: Queryable,
  trackId: string,
): Promise<{ raceId: string; participantId: string } | null> {
  return (await selectRaceEntriesOfTracks(q, [trackId])).get(trackId) ?? null;
}

/** The same for several tracks in one statement (the live path looks up each second's new batches at once). */
export async function selectRaceEntriesOfTracks(
  q: Queryable,
  trackIds: readonly string[],
): Promise<Map<string, { raceId: string; participantId: string }>> {
  const rows = await q.rows(
    { track_id: "uuid", race_id: "uuid", participant_id: "uuid" },
    `SELECT t.id AS track_id, rp.race_id, rp.participant_id FROM tracks t JOIN participants p ON ${TRACK_IS_PARTICIPANTS}
       JOIN race_participants rp ON rp.participant_id = p.id WHERE t.id = ANY($1::uuid[])`,
    [trackIds],
  );
  return new Map(rows.map((r) => [r.track_id, { raceId: r.race_id, participantId: r.participant_id }]));
}

/** Every track of a race's participants (the same match), with its participant. */
export async function selectRaceTracks(
  q: Queryable,
  raceId: string,
): Promise<Array<{ trackId: string; participantId: string; startTs: number }>> {
  const rows = await q.rows(
    { track_id: "uuid", participant_id: "uuid", start_ts: "timestamp" },
    `SELECT t.id AS track_id, rp.participant_id, t.start_ts FROM race_participants rp
       JOIN participants p ON p.id = rp.participant_id
       JOIN tracks t ON ${TRACK_IS_PARTICIPANTS}
      WHERE rp.race_id = $1 ORDER BY t.start_ts`,
    [raceId],
  );
  return rows.map((r) => ({
    trackId: r.track_id,
    participantId: r.participant_id,
    startTs: r.start_ts.getTime(),
  }));
}

export interface ProgressRow {
  trackId: string;
  participantId: string;
  state: unknown;
  /** When the row was last written (the database's clock), epoch ms. */
  updatedMs: number;
}

/** The race's progress states; with `sinceMs`, only those written after it (another instance's batches). */
export async function selectProgress(q: Queryable, raceId: string, sinceMs?: number): Promise<ProgressRow[]> {
  const rows = await q.rows(
    { track_id: "uuid", participant_id: "uuid", state: "json", updated_at: "timestamp" },
    `SELECT track_id, participant_id, state, updated_at FROM race_progress
      WHERE race_id = $1 AND ($2::timestamptz IS NULL OR updated_at > $2)`,
    [raceId, sinceMs === undefined ? null : iso(sinceMs)],
  );
  return rows.map((r) => ({
    trackId: r.track_id,
    participantId: r.participant_id,
    state: r.state,
    updatedMs: r.updated_at.getTime(),
  }));
}

export interface StoredPassing extends Passing {
  trackId: string;
}

/** The race's passings; with `trackIds`, only those tracks'. */
export async function selectPassings(
  q: Queryable,
  raceId: string,
  trackIds?: readonly string[],
): Promise<StoredPassing[]> {
  const rows = await q.rows(
    {
      track_id: "uuid",
      checkpoint_id: "text",
      status: "text",
      ts: "timestamp?",
      gap_sec: "float?",
      gap_m: "float?",
      reason: "text?",
      known_ts: "timestamp",
    },
    `SELECT track_id, checkpoint_id, status, ts, gap_sec, gap_m, reason, known_ts
       FROM race_passings WHERE race_id = $1 AND ($2::uuid[] IS NULL OR track_id = ANY($2::uuid[]))
      ORDER BY track_id, ts NULLS FIRST`,
    [raceId, trackIds ? [...trackIds] : null],
  );
  return rows.map((r) => ({
    trackId: r.track_id,
    checkpointId: r.checkpoint_id,
    status: r.status as Passing["status"],
    ts: r.ts?.getTime() ?? null,
    gapSec: r.gap_sec,
    gapM: r.gap_m,
    reason: r.reason as Passing["reason"],
    knownTs: r.known_ts.getTime(),
  }));
}

/** What one batch (or a recompute) of one track decided. */
export interface ProgressWrite {
  trackId: string;
  participantId: string;
  state: ProgressState;
  samples: readonly ProgressSample[];
  passings: readonly Passing[];
}

/**
 * Stores the batches of several tracks of a race in one statement: their states (upserted), new samples and
 * new passings (a passing already stored is kept: each checkpoint has one per track).
 */
export async function writeProgress(
  q: Queryable,
  raceId: string,
  writes: readonly ProgressWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const samples = writes.flatMap((w) => w.samples.map((s) => ({ trackId: w.trackId, s })));
  const passings = writes.flatMap((w) => w.passings.map((p) => ({ trackId: w.trackId, p })));
  await q.execute(
    `WITH st AS (
       INSERT INTO race_progress (race_id, track_id, participant_id, state, last_fix_ts, progress_m, updated_at)
       SELECT $1, u.track_id, u.participant_id, u.state::jsonb, u.last_fix_ts, u.progress_m, now()
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::float8[])
              AS u (track_id, participant_id, state, last_fix_ts, progress_m)
       ON CONFLICT (race_id, track_id) DO UPDATE SET state = excluded.state, last_fix_ts = excluded.last_fix_ts,
              progress_m = excluded.progress_m, participant_id = excluded.participant_id, updated_at = now()
       RETURNING 1),
     sa AS (
       INSERT INTO race_samples (race_id, track_id, ts, decided_ts, progress_m, along_m, offset_m, speed_mps,
                                 off_course, jump)
       SELECT $1, * FROM unnest($7::uuid[], $8::timestamptz[], $9::timestamptz[], $10::float8[], $11::float8[],
                                $12::float8[], $13::float8[], $14::bool[], $15::bool[])
       ON CONFLICT DO NOTHING RETURNING 1),
     pa AS (
       INSERT INTO race_passings (race_id, track_id, checkpoint_id, status, ts, gap_sec, gap_m, reason, known_ts)
       SELECT $1, * FROM unnest($16::uuid[], $17::text[], $18::text[], $19::timestamptz[], $20::float8[],
                                $21::float8[], $22::text[], $23::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT (SELECT count(*) FROM st) + (SELECT count(*) FROM sa) + (SELECT count(*) FROM pa)`,
    [
      raceId,
      writes.map((w) => w.trackId),
      writes.map((w) => w.participantId),
      writes.map((w) => JSON.stringify(w.state)),
      writes.map((w) => iso(w.state.lastFixTs)),
      writes.map((w) => w.state.last?.progressM ?? 0),
      samples.map((x) => x.trackId),
      samples.map((x) => iso(x.s.ts)),
      samples.map((x) => iso(x.s.decidedTs)),
      samples.map((x) => x.s.progressM),
      samples.map((x) => x.s.alongM),
      samples.map((x) => x.s.offsetM),
      samples.map((x) => x.s.speedMps),
      samples.map((x) => x.s.offCourse),
      samples.map((x) => x.s.jump),
      passings.map((x) => x.trackId),
      passings.map((x) => x.p.checkpointId),
      passings.map((x) => x.p.status),
      passings.map((x) => iso(x.p.ts)),
      passings.map((x) => x.p.gapSec),
      passings.map((x) => x.p.gapM),
      passings.map((x) => x.p.reason),
      passings.map((x) => iso(x.p.knownTs)),
    ],
  );
}

/** Forgets every progress of a race (its course changed: everything is projected again). */
export async function deleteRaceProgress(q: Queryable, raceId: string): Promise<void> {
  await q.execute("DELETE FROM race_samples WHERE race_id = $1", [raceId]);
  await q.execute("DELETE FROM race_passings WHERE race_id = $1", [raceId]);
  await q.execute("DELETE FROM race_progress WHERE race_id = $1", [raceId]);
}

/** Forgets a participant's progress in a race (they left it, or moved to another). */
export async function deleteParticipantProgress(
  q: Queryable,
  raceId: string,
  participantId: string,
): Promise<void> {
  const tracks = `SELECT track_id FROM race_progress WHERE race_id = $1 AND participant_id = $2`;
  await q.execute(`DELETE FROM race_samples WHERE race_id = $1 AND track_id IN (${tracks})`, [
    raceId,
    participantId,
  ]);
  await q.execute(`DELETE FROM race_passings WHERE race_id = $1 AND track_id IN (${tracks})`, [
    raceId,
    participantId,
  ]);
  await q.execute("DELETE FROM race_progress WHERE race_id = $1 AND participant_id = $2", [
    raceId,
    participantId,
  ]);
}

/** Replaces the passings of some checkpoints (moved, added, deleted) for every track of a race. */
export async function replaceCheckpointPassings(
  q: Queryable,
  raceId: string,
  checkpointIds: readonly string[],
  passings: readonly StoredPassing[],
): Promise<void> {
  await q.execute("DELETE FROM race_passings WHERE race_id = $1 AND checkpoint_id = ANY($2::text[])", [
    raceId,
    checkpointIds,
  ]);
  if (passings.length === 0) return;
  await q.execute(
    `INSERT INTO race_passings (race_id, track_id, checkpoint_id, status, ts, gap_sec, gap_m, reason, known_ts)
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::float8[],
                              $8::text[], $9::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [
      raceId,
      passings.map((p) => p.trackId),
      passings.map((p) => p.checkpointId),
      passings.map((p) => p.status),
      passings.map((p) => iso(p.ts)),
      passings.map((p) => p.gapSec),
      passings.map((p) => p.gapM),
      passings.map((p) => p.reason),
      passings.map((p) => iso(p.knownTs)),
    ],
  );
}

/** The imported tracks of these participants (the same match): what their race entries show or hide. */
export async function selectImportedTracksOf(
  q: Queryable,
  participantIds: readonly string[],
): Promise<Track[]> {
  if (participantIds.length === 0) return [];
  const rows = await q.rows(
    TRACK_ROW,
    `SELECT ${TRACK_COLUMNS} FROM participants p JOIN tracks t ON ${TRACK_IS_PARTICIPANTS}
      WHERE p.id = ANY($1::uuid[]) AND t.device_track_id LIKE 'import:%'`,
    [[...participantIds]],
  );
  return rows.map(toTrack);
}

/** The column only ever holds the API's START_MODES; anything else reads as a gun start. */
const toStartMode = (s: string): StartMode => (s === "waves" || s === "individual" ? s : "gun");

/**
 * The race entries of an event's imported tracks (the same match), by track: one per race its participant is
 * entered in, with their wave; tracks in no race are absent. Their windows: domain/live/imports.ts raceWindow.
 */
export async function selectImportRaceEntries(
  q: Queryable,
  eventId: string,
  trackIds?: readonly string[],
): Promise<Map<string, RaceEntryTimes[]>> {
  const rows = await q.rows(
    {
      track_id: "uuid",
      start_mode: "text",
      start_ts: "timestamp",
      wave_start_ts: "timestamp?",
      end_ts: "timestamp?",
      timezone: "text",
    },
    `SELECT t.id AS track_id, r.start_mode, r.start_ts, rp.wave_start_ts, r.end_ts, e.timezone FROM tracks t
       JOIN participants p ON ${TRACK_IS_PARTICIPANTS}
       JOIN race_participants rp ON rp.participant_id = p.id
       JOIN races r ON r.id = rp.race_id
       JOIN events e ON e.id = t.event_id
      WHERE t.event_id = $1 AND t.device_track_id LIKE 'import:%'${trackIds ? " AND t.id = ANY($2::uuid[])" : ""}`,
    trackIds ? [eventId, [...trackIds]] : [eventId],
  );
  const byTrack = new Map<string, RaceEntryTimes[]>();
  for (const r of rows) {
    const entry: RaceEntryTimes = {
      startMode: toStartMode(r.start_mode),
      startMs: r.start_ts.getTime(),
      waveStartMs: r.wave_start_ts?.getTime() ?? null,
      endMs: r.end_ts?.getTime() ?? null,
      timezone: r.timezone,
    };
    const list = byTrack.get(r.track_id);
    if (list) list.push(entry);
    else byTrack.set(r.track_id, [entry]);
  }
  return byTrack;
}
