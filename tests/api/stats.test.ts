import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { api, linePoints } from "../support/api";
import { type Organiser, signedInOrganiser } from "../support/organiser";

/** GET /stats: totals per week/month/year and activity, per organiser and per participant, on real files. */

const FIXTURES = path.resolve("../shared/fixtures/real");
const fixture = (name: string) => ({
  name,
  data_base64: fs.readFileSync(path.join(FIXTURES, name)).toString("base64"),
});

type Stats = Record<string, number | null>;
type Group = { tracks_count: number; stats: Stats };
type ActivityGroup = Group & { activity_type: string };
type StatsBody = {
  by: string;
  periods: Array<Group & { period: string; start: string; end: string; activities: ActivityGroup[] }>;
  total: Group & { activities: ActivityGroup[] };
};

// The TCX files' own lap distances (DistanceMeters), which imports prefer to ours.
const RUN_1604524853_M = 6106.6;
const RUN_6281425038_M = 1000 * 4 + 156.7001953125;
const RIDES_M = 42220.87 + 59853.31;

interface World {
  org: Organiser;
  organiserToken: string;
  paris: { eventId: string; token: string };
  kiritimati: { eventId: string; token: string };
  runner: { token: string; participantId: string };
  tracks: Record<string, Stats>;
}

async function importFiles(token: string, files: string[]): Promise<Record<string, string>> {
  const res = await api<{ tracks: Array<{ id: string; file: string }> }>("POST", "/imports", {
    token,
    body: { files: files.map(fixture) },
  });
  expect(res.status, res.text).toBe(201);
  return Object.fromEntries(res.body.tracks.map((t) => [t.file, t.id]));
}

/**
 * One organiser, two events: Paris (a participant's two runs of September 2016 on their personal token,
 * two rides of August 2019 on the event token) and Kiritimati, UTC+14 (one of the same runs, whose Sunday
 * afternoon in UTC is already Monday there, and a run of Christmas 2020).
 */
async function world(): Promise<World> {
  const org = await signedInOrganiser();
  const organiserToken = (await org.trpc<{ raw: string }>("account.issueToken", { label: "stats" })).raw;
  const paris = await org.createEvent();
  const created = await org.trpc<{ event: { id: string }; token: { raw: string } }>("event.create", {
    name: "Kiritimati",
    date: "2026-12-01",
    time: "08:00",
    timezone: "Pacific/Kiritimati",
    is_public: false,
    start: { lat: 1.87, lon: -157.4 },
  });
  const kiritimati = { eventId: created.event.id, token: created.token.raw };
  const invited = await org.trpc<{ id: string; invite_path: string }>("participant.create", {
    event_id: paris.eventId,
    name: "Camille",
    bib: null,
  });
  const joined = await api<{ token: { raw: string } }>(
    "POST",
    `/invitations/${invited.invite_path.replace("/join/", "")}/join`,
  );
  expect(joined.status).toBe(201);
  const runner = { token: joined.body.token.raw, participantId: invited.id };
  const ids = {
    ...(await importFiles(runner.token, ["runs-tcx-1604524853.tcx", "runs-tcx-6281425038.tcx"])),
    ...(await importFiles(paris.token, ["rides-tcx-6791039036.tcx", "rides-tcx-6838497277.tcx"])),
  };
  const kIds = await importFiles(kiritimati.token, ["runs-tcx-1604524853.tcx", "runs-gpx-6037744996.gpx"]);
  const tracks: Record<string, Stats> = {};
  for (const [file, id] of Object.entries(ids))
    tracks[file] = (await api<{ stats: Stats }>("GET", `/tracks/${id}`, { token: paris.token })).body.stats;
  for (const [file, id] of Object.entries(kIds))
    tracks[`k:${file}`] = (
      await api<{ stats: Stats }>("GET", `/tracks/${id}`, { token: kiritimati.token })
    ).body.stats;
  return { org, organiserToken, paris, kiritimati, runner, tracks };
}

const sum = (list: Stats[], column: string) => list.reduce((s, t) => s + (t[column] ?? 0), 0);

async function stats(query: string, token: string): Promise<StatsBody> {
  const res = await api<StatsBody>("GET", `/stats${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("GET /stats", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("totals an organiser's events by year and activity, with the files' own distances", async () => {
    const body = await stats("?by=year", w.organiserToken);
    expect(body.periods.map((p) => [p.period, p.start, p.end, p.tracks_count])).toEqual([
      ["2016", "2016-01-01", "2016-12-31", 3],
      ["2017", "2017-01-01", "2017-12-31", 0],
      ["2018", "2018-01-01", "2018-12-31", 0],
      ["2019", "2019-01-01", "2019-12-31", 2],
      ["2020", "2020-01-01", "2020-12-31", 1],
    ]);
    const y2016 = body.periods[0];
    expect(y2016?.activities.map((a) => [a.activity_type, a.tracks_count])).toEqual([["run", 3]]);
    expect(y2016?.stats.distance_meters).toBeCloseTo(2 * RUN_1604524853_M + RUN_6281425038_M, 6);
    expect(body.periods[3]?.activities.map((a) => [a.activity_type, a.tracks_count])).toEqual([["bike", 2]]);
    expect(body.periods[3]?.stats.distance_meters).toBeCloseTo(RIDES_M, 6);
    // An empty year: nothing run, sums are 0 and the others have no value.
    expect(body.periods[1]?.stats).toMatchObject({
      distance_meters: 0,
      max_speed_mps: null,
      pace_sec_per_km: null,
    });

    const all = Object.values(w.tracks);
    expect(body.total.tracks_count).toBe(6);
    for (const column of ["distance_meters", "duration_sec", "moving_time_sec", "elevation_gain_m"])
      expect(body.total.stats[column], column).toBeCloseTo(sum(all, column), 6);
    expect(body.total.stats.max_speed_mps).toBe(Math.max(...all.map((t) => t.max_speed_mps ?? 0)));
    // Mean speed is Σ distance / Σ moving time, not the mean of the tracks' speeds; pace its inverse per km.
    const runs = all.filter(
      (t) => t !== w.tracks["rides-tcx-6791039036.tcx"] && t !== w.tracks["rides-tcx-6838497277.tcx"],
    );
    const run = body.total.activities.find((a) => a.activity_type === "run");
    expect(run?.tracks_count).toBe(4);
    expect(run?.stats.mean_speed_mps).toBeCloseTo(
      sum(runs, "distance_meters") / sum(runs, "moving_time_sec"),
      9,
    );
    expect(run?.stats.pace_sec_per_km).toBeCloseTo(
      (1000 * sum(runs, "moving_time_sec")) / sum(runs, "distance_meters"),
      6,
    );
    expect(body.total.activities.map((a) => a.activity_type)).toEqual(["bike", "run"]);
  });

  it("puts each track in the ISO week of its event's local date", async () => {
    const body = await stats("?by=week&activity_type=run&to=2016-12-31", w.organiserToken);
    // 2016-09-11T15:57Z is Sunday in Paris (week 36) and already Monday in Kiritimati (week 37).
    expect(body.periods.map((p) => [p.period, p.start, p.tracks_count])).toEqual([
      ["2016-W36", "2016-09-05", 1],
      ["2016-W37", "2016-09-12", 2],
    ]);
    expect(body.periods[1]?.stats.distance_meters).toBeCloseTo(RUN_1604524853_M + RUN_6281425038_M, 6);
    // The run of 2020-12-25T20:40Z is Saturday 26 December in Kiritimati: a date bound reads local dates.
    const late = await stats("?by=week&from=2020-12-26", w.organiserToken);
    expect(late.periods.map((p) => [p.period, p.start, p.end])).toEqual([
      ["2020-W52", "2020-12-21", "2020-12-27"],
    ]);
    expect((await stats("?by=week&from=2020-12-27", w.organiserToken)).periods).toEqual([]);
    const instant = await stats(
      "?by=week&from=2020-12-25T20:00:00Z&to=2020-12-25T21:00:00Z",
      w.organiserToken,
    );
    expect(instant.total.tracks_count).toBe(1);
  });

  it("gives a participant's token only its own tracks, and lets the organiser filter by participant", async () => {
    const own = await stats("?by=month", w.runner.token);
    expect(own.total.tracks_count).toBe(2);
    expect(own.periods.map((p) => [p.period, p.tracks_count])).toEqual([["2016-09", 2]]);
    expect(own.total.stats.distance_meters).toBeCloseTo(RUN_1604524853_M + RUN_6281425038_M, 6);
    const filtered = await stats(`?by=month&participant_id=${w.runner.participantId}`, w.organiserToken);
    expect(filtered.total).toEqual(own.total);
    // A participant's tracks also include those an event token sent with the participant's user_id.
    const lou = await w.org.trpc<{ id: string }>("participant.create", {
      event_id: w.kiritimati.eventId,
      name: "Lou",
      bib: null,
      user_id: "lou-watch",
    });
    const synced = await api("POST", "/sync", {
      token: w.kiritimati.token,
      body: {
        track: { device_track_id: "lou-1", user_id: "lou-watch", start_ts: "2024-03-15T08:00:00Z" },
        points: linePoints(120, { start: Date.parse("2024-03-15T08:00:00Z"), stepSec: 5, stepM: 12 }),
      },
    });
    expect(synced.status, synced.text).toBe(201);
    const louStats = await stats(`?by=year&participant_id=${lou.id}`, w.organiserToken);
    expect(louStats.periods.map((p) => [p.period, p.tracks_count])).toEqual([["2024", 1]]);
    // The event token: its event only (4 tracks); the dashboard's session: every event, like the personal token.
    expect((await stats("?by=month", w.paris.token)).total.tracks_count).toBe(4);
    const dashboard = await w.org.query<StatsBody>("stats.byPeriod", { by: "year" });
    expect(dashboard.total).toEqual((await stats("?by=year", w.organiserToken)).total);
    const one = await w.org.query<StatsBody>("stats.byPeriod", {
      by: "year",
      event_id: w.kiritimati.eventId,
    });
    expect(one.total.tracks_count).toBe(3);
    // Another organiser sees none of it.
    const other = await signedInOrganiser();
    const otherToken = (await other.trpc<{ raw: string }>("account.issueToken", { label: "x" })).raw;
    expect(await stats("?by=year", otherToken)).toMatchObject({ periods: [], total: { tracks_count: 0 } });
  });

  it("refuses unknown parameters, bad values and missing tokens with documented errors", async () => {
    for (const query of [
      "?by=day",
      "?per_page=5",
      "?from=2016-13-01",
      "?participant_id=nope",
      "?by=week&by=month",
    ]) {
      const res = await api("GET", `/stats${query}`, { token: w.organiserToken });
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect((await api("GET", "/stats")).status).toBe(401);
  });

  it("documents every statistic with how it totals, from the descriptor table", async () => {
    const doc = (
      await api<{
        paths: Record<string, { get: { parameters: Array<{ name: string }> } }>;
        components: unknown;
      }>("GET", "/openapi.json")
    ).body;
    const op = doc.paths["/stats"]?.get;
    expect(op?.parameters.map((p) => p.name).sort()).toEqual(
      ["activity_type", "by", "event_id", "from", "participant_id", "to", "user_id"].sort(),
    );
    const text = JSON.stringify(doc.paths["/stats"]);
    expect(text).toContain("Sum over the tracks: Horizontal distance");
    expect(text).toContain("Σ distance_meters / Σ moving_time_sec");
    expect(text).toContain("Mean of the tracks weighted by moving time: Average heart rate");
  });
});
