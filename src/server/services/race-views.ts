import type { Scope } from "~/server/access/scope";
import { toLeaderboardRow, toPassingOut, toResultRow } from "~/server/api/present-race";
import type {
  TCourseResponse,
  TEntriesResponse,
  TLeaderboardResponse,
  TLiveRace,
  TResultsResponse,
} from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { selectProgressAt } from "~/server/db/race-samples";
import { selectPassings, selectRaceEntryOfTrack } from "~/server/db/races";
import {
  courseMarkers,
  coursePolyline,
  type Entrant,
  freezeResults,
  type LeaderboardRow,
  leaderboard,
  markerSpacingM,
  type Passing,
  positionAt,
  type RaceContext,
  type ResultRow,
  resultsCsvRows,
} from "~/server/domain/race";
import { csvText } from "~/server/domain/formats/to-csv";
import { AppError } from "~/server/errors";
import { raceRuntime } from "./race-registry";
import { entrantsOf } from "./race-runtime";
import type { Viewer } from "~/server/live/access";
import { findRace, toCheckpointResponse } from "./race-lookup";
import { listRaces } from "./races";

/** What spectators, the REST API and the pages read of a race: leaderboard, results, passings, course. */

/** The entrants as they stood for a viewer at `atMs` (what had been decided by then), from the store. */
async function entrantsAt(db: Database, raceId: string, atMs: number): Promise<Entrant[]> {
  const rt = await raceRuntime(db, raceId);
  const { last, passings } = await selectProgressAt(db, raceId, atMs);
  const owner = new Map([...rt.states].map(([trackId, s]) => [trackId, s.participantId]));
  const tracks = new Map<string, { participantId: string; last: Entrant["last"]; firstTs: number | null }>();
  for (const [trackId, l] of last) {
    const participantId = owner.get(trackId);
    if (participantId) tracks.set(trackId, { participantId, last: l.sample, firstTs: l.firstTs });
  }
  const byTrack = new Map<string, Passing[]>();
  for (const { trackId, ...p } of passings) byTrack.set(trackId, [...(byTrack.get(trackId) ?? []), p]);
  return entrantsOf(rt.entrants.values(), tracks, byTrack);
}

/**
 * The leaderboard now (from memory), or as it was at `atMs` (a delayed spectator, a replay: from the
 * stored samples and passings known by then).
 */
export async function raceLeaderboard(
  db: Database,
  raceId: string,
  atMs: number | null,
): Promise<TLeaderboardResponse> {
  const rt = await (await raceRuntime(db, raceId)).synced();
  const now = Date.now();
  let rows: LeaderboardRow[];
  let seq = 0;
  if (atMs === null || atMs >= now) {
    seq = rt.publishedSeq;
    rows = rt.rows(now);
  } else {
    const context = rt.model.context;
    rows = context ? leaderboard(context, await entrantsAt(db, raceId, atMs), atMs) : [];
  }
  return { race_id: raceId, at: new Date(atMs ?? now).toISOString(), seq, rows: rows.map(toLeaderboardRow) };
}

/** REST: the caller's race (token: its event's; organiser: theirs), then its leaderboard. */
export async function leaderboardFor(
  db: Database,
  scope: Scope,
  eventId: string,
  raceId: string,
  at?: string,
) {
  const race = await findRace(db, scope, raceId, eventId);
  return raceLeaderboard(db, race.id, at ? Date.parse(at) : null);
}

/** Results: frozen once the course has closed; until then the ranking now, marked provisional. */
async function resultRows(db: Database, raceId: string) {
  const rt = await (await raceRuntime(db, raceId)).synced();
  const context = rt.model.context;
  if (!context) throw new AppError("BAD_REQUEST", "This race has no course yet");
  const now = Date.now();
  const endMs = rt.model.endMs;
  const closed = endMs !== null && endMs <= now;
  const entrants = rt.entrantList();
  const rows = closed ? freezeResults(context, entrants, endMs) : provisional(context, entrants, now);
  return { context, rows, at: closed ? endMs : now, provisional: !closed };
}

function provisional(race: RaceContext, entrants: readonly Entrant[], now: number): ResultRow[] {
  const byId = new Map(entrants.map((e) => [e.id, new Map(e.passings.map((p) => [p.checkpointId, p]))]));
  return leaderboard(race, entrants, now).map(
    ({ next: _n, predictedFinishTs: _p, paceSecPerKm: _pace, ...row }) => ({
      ...row,
      splits: race.checkpoints
        .filter((c) => c.kind !== "start")
        .map((c) => {
          const p = byId.get(row.id)?.get(c.id);
          const elapsedSec =
            p?.ts != null && row.startTs !== null ? Math.round((p.ts - row.startTs) / 1000) : null;
          return { checkpointId: c.id, elapsedSec, status: p?.status ?? null };
        }),
    }),
  );
}

export async function raceResults(db: Database, raceId: string): Promise<TResultsResponse> {
  const rt = await raceRuntime(db, raceId);
  const { context, rows, at, provisional } = await resultRows(db, raceId);
  return {
    race_id: raceId,
    at: new Date(at).toISOString(),
    provisional,
    checkpoints: context.checkpoints.map((c) => toCheckpointResponse(c, rt.model.sourceOf)),
    rows: rows.map(toResultRow),
  };
}

export async function resultsFor(db: Database, scope: Scope, eventId: string, raceId: string) {
  const race = await findRace(db, scope, raceId, eventId);
  return raceResults(db, race.id);
}

/** The results as CSV (the domain's cells, the exports' quoting). */
export async function resultsCsv(db: Database, raceId: string): Promise<{ fileName: string; body: string }> {
  const rt = await raceRuntime(db, raceId);
  const { context, rows } = await resultRows(db, raceId);
  const body = resultsCsvRows(context, rows)
    .map((cells) => cells.map(csvText).join(","))
    .join("\n");
  const safe = rt.model.name.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/^-+|-+$/g, "") || "race";
  return { fileName: `${safe}-results.csv`, body: `${body}\n` };
}

export async function passingsFor(db: Database, scope: Scope, eventId: string, raceId: string) {
  const race = await findRace(db, scope, raceId, eventId);
  const rt = await raceRuntime(db, race.id);
  const owner = new Map([...rt.states].map(([trackId, s]) => [trackId, s.participantId]));
  const passings = await selectPassings(db, race.id);
  return {
    race_id: race.id,
    passings: passings.flatMap((p) => {
      const participantId = owner.get(p.trackId);
      return participantId ? [toPassingOut({ ...p, participantId })] : [];
    }),
  };
}

/** A distance marker this close to the finish (or a lap's end) would sit on its marker. */
const LINE_CLEARANCE_M = 100;

/**
 * The course for a map: its line, a distance marker every `everyM` (by default every km, 2, 5… km as the lap
 * grows: markerSpacingM) and the checkpoints' positions.
 */
export async function raceCourse(db: Database, raceId: string, everyM?: number): Promise<TCourseResponse> {
  const rt = await raceRuntime(db, raceId);
  const context = rt.model.context;
  if (!context) return { race_id: raceId, distance_m: 0, line: [], markers: [], checkpoints: [] };
  const { course } = context;
  return {
    race_id: raceId,
    distance_m: course.lengthM,
    line: coursePolyline(course),
    // One lap's markers (the line is drawn once), none on the finish or lap line: it has its own marker.
    markers: courseMarkers(course, everyM ?? markerSpacingM(course.lapLengthM))
      .filter((m) => m.distanceM < course.lapLengthM - LINE_CLEARANCE_M)
      .map((m) => ({
        distance_m: m.distanceM,
        lat: m.lat,
        lon: m.lon,
        label: `${Math.round(m.distanceM / 100) / 10} km`,
      })),
    checkpoints: context.checkpoints.map((c) => ({
      ...toCheckpointResponse(c, rt.model.sourceOf),
      ...positionAt(course, c.distanceM),
    })),
  };
}

export async function courseFor(db: Database, scope: Scope, eventId: string, raceId: string) {
  const race = await findRace(db, scope, raceId, eventId);
  return raceCourse(db, race.id);
}

/** The course of the race a track counts for (its participant's), or null: the track page draws it. */
export async function courseOfTrack(db: Database, scope: Scope, trackId: string) {
  const entry = await selectRaceEntryOfTrack(db, trackId);
  if (!entry) return null;
  const race = await findRace(db, scope, entry.raceId).catch(() => null);
  if (!race) return null;
  const course = await raceCourse(db, race.id);
  return course.line.length > 1 ? { name: race.name, course } : null;
}

/**
 * What the live map shows of each race with a course, for this viewer: the course, and the leaderboard
 * as the viewer may see it (a delayed spectator's as it was `delay` ago), which the stream then keeps live.
 */
export async function liveRaces(db: Database, viewer: Viewer): Promise<TLiveRace[]> {
  const races = await listRaces(db, { eventId: viewer.eventId }, viewer.eventId);
  const at = viewer.delaySec > 0 ? Date.now() - viewer.delaySec * 1000 : null;
  const out = await Promise.all(
    races
      .filter((r) => r.course !== null)
      .map(async (r) => ({
        id: r.id,
        name: r.name,
        course: await raceCourse(db, r.id),
        board: await raceLeaderboard(db, r.id, at),
      })),
  );
  return out.filter((r) => r.course.line.length > 1);
}

/** The organiser's view of a race's entrants: what each entry overrides, and the status it gives now. */
export async function raceEntries(db: Database, ownerId: string, raceId: string): Promise<TEntriesResponse> {
  const race = await findRace(db, { ownerId }, raceId);
  const entries = await db.prisma.raceParticipant.findMany({
    where: { raceId: race.id },
    include: { participant: { select: { name: true, bib: true } } },
  });
  const now = new Map(
    (await (await raceRuntime(db, race.id)).freshRows()).map((r) => [r.id, r.status] as const),
  );
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    entries: entries
      .map((e) => ({
        participant_id: e.participantId,
        name: e.participant.name,
        bib: e.participant.bib,
        wave_start_at: iso(e.waveStartTs),
        status: (e.statusOverride as TEntriesResponse["entries"][number]["status"]) ?? null,
        start_at: iso(e.startOverride),
        finish_at: iso(e.finishOverride),
        status_now: now.get(e.participantId) ?? "not_started",
      }))
      .sort((a, b) => (a.bib ?? "").localeCompare(b.bib ?? "", undefined, { numeric: true })),
  };
}
