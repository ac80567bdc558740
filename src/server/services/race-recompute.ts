import type { Database } from "~/server/db";
import { selectPositions } from "~/server/db/points";
import { selectCrossings } from "~/server/db/race-samples";
import {
  deleteRaceProgress,
  type ProgressWrite,
  replaceCheckpointPassings,
  type StoredPassing,
  selectProgress,
  selectRaceTracks,
  writeProgress,
} from "~/server/db/races";
import {
  advanceProgress,
  type Checkpoint,
  detectPassings,
  emptyProgressState,
  passingThreshold,
} from "~/server/domain/race";
import { loadRaceModel, paramsFor, type RaceModel } from "./race-model";

/** Tracks projected per statement in a full recompute: ~25,000 samples at a fix every 5 s for 2 h. */
const CHUNK_TRACKS = 25;

/** What the last recompute of each kind took, for the logs and the benchmark. */
export interface RecomputeReport {
  kind: "all" | "checkpoints";
  tracks: number;
  ms: number;
}

/**
 * Projects every track of the race again from its stored points (the course, its laps or the race's window
 * changed), or with `onlyMissing` only the tracks that have no progress yet (a participant entered after
 * posting). Runs under the race's lock (race-lock.ts), one chunk of tracks at a time, yielding in between.
 */
export async function recomputeAll(
  db: Database,
  raceId: string,
  opts: { onlyMissing?: boolean } = {},
): Promise<RecomputeReport> {
  const started = performance.now();
  const model = await loadRaceModel(db, raceId);
  if (!opts.onlyMissing) await deleteRaceProgress(db, raceId);
  const context = model.context;
  if (!context) return { kind: "all", tracks: 0, ms: performance.now() - started };
  const known = opts.onlyMissing
    ? new Set((await selectProgress(db, raceId)).map((r) => r.trackId))
    : new Set();
  const tracks = (await selectRaceTracks(db, raceId)).filter((t) => !known.has(t.trackId));
  const waves = await waveStarts(db, raceId);
  for (let i = 0; i < tracks.length; i += CHUNK_TRACKS) {
    const chunk = tracks.slice(i, i + CHUNK_TRACKS);
    const positions = await selectPositions(db, { trackIds: chunk.map((t) => t.trackId) });
    const writes: ProgressWrite[] = [];
    for (const t of chunk) {
      const params = paramsFor(model, waves.get(t.participantId) ?? null);
      const fixes = positions.get(t.trackId) ?? [];
      if (!params || fixes.length === 0) continue;
      const { state, samples } = advanceProgress(context.course, emptyProgressState(), fixes, params);
      const passings = detectPassings(context.checkpoints, null, samples);
      writes.push({ trackId: t.trackId, participantId: t.participantId, state, samples, passings });
    }
    await writeProgress(db, raceId, writes);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const report: RecomputeReport = { kind: "all", tracks: tracks.length, ms: performance.now() - started };
  logReport(raceId, report);
  return report;
}

async function waveStarts(db: Database, raceId: string): Promise<Map<string, number | null>> {
  const entries = await db.prisma.raceParticipant.findMany({
    where: { raceId },
    select: { participantId: true, waveStartTs: true },
  });
  return new Map(entries.map((e) => [e.participantId, e.waveStartTs?.getTime() ?? null]));
}

/**
 * The passings of some checkpoints again (added, moved, deleted), without reading every sample: a passing
 * depends only on the samples around the crossing of its distance (progress never decreases), which the
 * store finds per track with index lookups (selectCrossings). Each is then decided by the domain's own
 * detectPassings from the cursor just before the crossing, exactly as the live path decided it.
 */
export async function recomputeCheckpoints(
  db: Database,
  raceId: string,
  ids: readonly string[],
): Promise<RecomputeReport> {
  const started = performance.now();
  const model = await loadRaceModel(db, raceId);
  const context = model.context;
  if (!context || ids.length === 0) return { kind: "checkpoints", tracks: 0, ms: 0 };
  const finish = context.checkpoints.find((c) => c.kind === "finish");
  const present = context.checkpoints.filter((c) => ids.includes(c.id));
  const out: StoredPassing[] = [];
  const tracks = new Set<string>();
  for (const c of present) {
    for (const p of await passingsOf(db, model, c, finish)) {
      out.push(p);
      tracks.add(p.trackId);
    }
  }
  await db.transaction((tx) => replaceCheckpointPassings(tx, raceId, ids, out));
  const report: RecomputeReport = {
    kind: "checkpoints",
    tracks: tracks.size,
    ms: performance.now() - started,
  };
  logReport(raceId, report);
  return report;
}

async function passingsOf(
  db: Database,
  model: RaceModel,
  c: Checkpoint,
  finish: Checkpoint | undefined,
): Promise<StoredPassing[]> {
  const { thresholdM, strict } = passingThreshold(c, finish?.distanceM ?? Number.POSITIVE_INFINITY);
  const list = finish && finish.id !== c.id ? [c, finish] : [c];
  const out: StoredPassing[] = [];
  for (const row of await selectCrossings(db, model.id, thresholdM, strict)) {
    const cursor = row.before ? { progressM: row.before.progressM, lastMatched: row.lastMatched } : null;
    for (const p of detectPassings(list, cursor, [row.crossing]))
      if (p.checkpointId === c.id) out.push({ ...p, trackId: row.trackId });
  }
  return out;
}

function logReport(raceId: string, r: RecomputeReport) {
  if (process.env.NODE_ENV !== "test")
    console.log(`[race] ${raceId}: recomputed ${r.kind} for ${r.tracks} tracks in ${Math.round(r.ms)} ms`);
}

/** Checkpoints whose place changed between two models (ids present in one only, or at another distance). */
export function changedCheckpointIds(before: readonly Checkpoint[], after: readonly Checkpoint[]): string[] {
  const key = (c: Checkpoint) => `${c.id}:${c.distanceM}`;
  const was = new Set(before.map(key));
  const now = new Set(after.map(key));
  const changed = new Set<string>();
  for (const c of before) if (!now.has(key(c))) changed.add(c.id);
  for (const c of after) if (!was.has(key(c))) changed.add(c.id);
  return [...changed];
}
