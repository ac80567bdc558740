import type { Scope } from "~/server/access/scope";
import { toLeaderboardRow, toPassingOut, toResultRow } from "~/server/api/present-race";
import type { TCourseResponse, TLeaderboardResponse, TResultsResponse } from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { selectProgressAt } from "~/server/db/race-samples";
import { selectPassings } from "~/server/db/races";
import {
  courseMarkers,
  coursePolyline,
  type Entrant,
  freezeResults,
  type LeaderboardRow,
  leaderboard,
  type Passing,
  positionAt,
  type RaceContext,
  type ResultRow,
  resultsCsvRows,
} from "~/server/domain/race";
import { csvText } from "~/server/domain/formats/to-csv";
import { AppError } from "~/server/errors";
import { entrantsOf, raceRuntime } from "./race-live";
import { findRace, toCheckpointResponse } from "./races";

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
  const rt = await raceRuntime(db, raceId);
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
  const rt = await raceRuntime(db, raceId);
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

/** The course for a map: its line, a marker every `everyM` and the checkpoints' positions. */
export async function raceCourse(db: Database, raceId: string, everyM = 1000): Promise<TCourseResponse> {
  const rt = await raceRuntime(db, raceId);
  const context = rt.model.context;
  if (!context) return { race_id: raceId, distance_m: 0, line: [], markers: [], checkpoints: [] };
  const { course } = context;
  const laps = course.laps;
  return {
    race_id: raceId,
    distance_m: course.lengthM,
    line: coursePolyline(course),
    // One lap's markers: the line is drawn once.
    markers: courseMarkers(course, everyM)
      .filter((m) => laps === 1 || m.distanceM <= course.lapLengthM)
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
