import type { ProgressSample } from "~/server/domain/race";
import type { Queryable } from "./client";
import { type StoredPassing, selectPassings } from "./races";

/** Reads of race samples (docs/race.md, "Integration"): crossings for a recompute, the race at a past time. */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const SAMPLE_ROW = {
  track_id: "uuid",
  ts: "timestamp",
  decided_ts: "timestamp",
  progress_m: "float",
  along_m: "float?",
  offset_m: "float?",
  speed_mps: "float?",
  off_course: "bool",
  jump: "bool",
} as const;

function toSample(r: {
  ts: Date;
  decided_ts: Date;
  progress_m: number;
  along_m: number | null;
  offset_m: number | null;
  speed_mps: number | null;
  off_course: boolean;
  jump: boolean;
}): ProgressSample {
  return {
    ts: r.ts.getTime(),
    decidedTs: r.decided_ts.getTime(),
    progressM: r.progress_m,
    alongM: r.along_m,
    offsetM: r.offset_m,
    speedMps: r.speed_mps,
    offCourse: r.off_course,
    jump: r.jump,
  };
}

/**
 * Around one place of the course, per track of the race: the first sample whose progress reaches
 * `thresholdM`, the sample just before it and the last sample matched on the course before it — all that
 * the passing of a checkpoint there depends on (progress never decreases, so the first sample past the
 * threshold is the crossing). Three index lookups per track instead of reading every sample.
 */
export async function selectCrossings(
  q: Queryable,
  raceId: string,
  thresholdM: number,
  strict: boolean,
): Promise<
  Array<{
    trackId: string;
    crossing: ProgressSample;
    before: ProgressSample | null;
    lastMatched: { ts: number; alongM: number } | null;
  }>
> {
  const op = strict ? ">" : ">=";
  const rows = await q.rows(
    {
      ...SAMPLE_ROW,
      b_ts: "timestamp?",
      b_decided_ts: "timestamp?",
      b_progress_m: "float?",
      b_along_m: "float?",
      b_offset_m: "float?",
      b_speed_mps: "float?",
      b_off_course: "bool?",
      b_jump: "bool?",
      m_ts: "timestamp?",
      m_along_m: "float?",
    },
    `SELECT c.*, b.ts AS b_ts, b.decided_ts AS b_decided_ts, b.progress_m AS b_progress_m, b.along_m AS b_along_m,
            b.offset_m AS b_offset_m, b.speed_mps AS b_speed_mps, b.off_course AS b_off_course, b.jump AS b_jump,
            m.ts AS m_ts, m.along_m AS m_along_m
       FROM race_progress rp
       CROSS JOIN LATERAL (
         SELECT s.track_id, s.ts, s.decided_ts, s.progress_m, s.along_m, s.offset_m, s.speed_mps, s.off_course, s.jump
           FROM race_samples s
          WHERE s.race_id = rp.race_id AND s.track_id = rp.track_id AND s.progress_m ${op} $2
          ORDER BY s.progress_m, s.ts LIMIT 1) c
       LEFT JOIN LATERAL (
         SELECT * FROM race_samples s WHERE s.race_id = rp.race_id AND s.track_id = rp.track_id AND s.ts < c.ts
          ORDER BY s.ts DESC LIMIT 1) b ON true
       LEFT JOIN LATERAL (
         SELECT s.ts, s.along_m FROM race_samples s
          WHERE s.race_id = rp.race_id AND s.track_id = rp.track_id AND s.ts < c.ts AND s.along_m IS NOT NULL
          ORDER BY s.ts DESC LIMIT 1) m ON true
      WHERE rp.race_id = $1 AND rp.progress_m ${op} $2`,
    [raceId, thresholdM],
  );
  return rows.map((r) => ({
    trackId: r.track_id,
    crossing: toSample(r),
    before:
      r.b_ts && r.b_decided_ts && r.b_progress_m !== null
        ? toSample({
            ts: r.b_ts,
            decided_ts: r.b_decided_ts,
            progress_m: r.b_progress_m,
            along_m: r.b_along_m,
            offset_m: r.b_offset_m,
            speed_mps: r.b_speed_mps,
            off_course: r.b_off_course ?? false,
            jump: r.b_jump ?? false,
          })
        : null,
    lastMatched: r.m_ts && r.m_along_m !== null ? { ts: r.m_ts.getTime(), alongM: r.m_along_m } : null,
  }));
}

/**
 * The race as a viewer `cutMs` late saw it: per track, the last sample decided by then (and the first
 * sample's time), and the passings known by then.
 */
export async function selectProgressAt(
  q: Queryable,
  raceId: string,
  cutMs: number,
): Promise<{ last: Map<string, { sample: ProgressSample; firstTs: number }>; passings: StoredPassing[] }> {
  const rows = await q.rows(
    { ...SAMPLE_ROW, first_ts: "timestamp" },
    `SELECT DISTINCT ON (s.track_id) s.track_id, s.ts, s.decided_ts, s.progress_m, s.along_m, s.offset_m,
            s.speed_mps, s.off_course, s.jump,
            (SELECT min(f.ts) FROM race_samples f WHERE f.race_id = s.race_id AND f.track_id = s.track_id) AS first_ts
       FROM race_samples s WHERE s.race_id = $1 AND s.decided_ts <= $2
      ORDER BY s.track_id, s.ts DESC`,
    [raceId, iso(cutMs)],
  );
  const last = new Map(rows.map((r) => [r.track_id, { sample: toSample(r), firstTs: r.first_ts.getTime() }]));
  const passings = (await selectPassings(q, raceId)).filter((p) => p.knownTs <= cutMs);
  return { last, passings };
}

/** The samples of one track (a runner's page, a recompute of that track). */
export async function selectTrackSamples(
  q: Queryable,
  raceId: string,
  trackId: string,
): Promise<ProgressSample[]> {
  const rows = await q.rows(
    SAMPLE_ROW,
    "SELECT * FROM race_samples WHERE race_id = $1 AND track_id = $2 ORDER BY ts",
    [raceId, trackId],
  );
  return rows.map(toSample);
}
