import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken } from "../support/api";

type Chart = {
  points: Array<{ distance_m: number; ts: string }>;
  path: number[][];
  splits: Array<{ distance_m: number }>;
};

/** The stored row, read straight from PostgreSQL (PGlite is held by the server: there the API alone speaks). */
async function storedRow(trackId: string) {
  if (inject("dbKind") !== "postgres") return null;
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT version, computed_at, paths, segments FROM track_derived WHERE track_id = $1",
      [trackId],
    );
    return (
      (rows[0] as {
        version: string;
        computed_at: Date;
        paths: Record<string, unknown>;
        segments: unknown[] | null;
      }) ?? null
    );
  } finally {
    await client.end();
  }
}

describe("the track page's derived data, stored per version of the track", () => {
  it("serves the stored chart until the points, the activity or the end change, then computes it again", async () => {
    const { token } = await newEventToken();
    const sync = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: "derived" }, points: linePoints(1001, { stepM: 3 }) },
    });
    const id = sync.body.track_id;
    const first = await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    expect(first.status).toBe(200);
    expect(first.body.points.at(-1)?.distance_m).toBeCloseTo(3000, -1);
    const again = await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    expect(again.body).toEqual(first.body);
    const row = await storedRow(id);
    if (row) expect(row.version).toContain("|1001|run|");

    // A rename changes nothing the chart depends on: the stored row stays as it was.
    expect((await api("PATCH", `/tracks/${id}`, { token, body: { title: "Renamed" } })).status).toBe(200);
    await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    const renamed = await storedRow(id);
    if (row && renamed) expect(renamed.computed_at.getTime()).toBe(row.computed_at.getTime());

    // Points after finish (one more kilometre): the next view has them.
    const late = linePoints(1334, { stepM: 3 }).slice(1001);
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points: late } })).status).toBe(204);
    const longer = await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    expect(longer.body.points.at(-1)?.distance_m).toBeCloseTo(4000, -1);
    expect(longer.body.splits).toHaveLength(4);
    const after = await storedRow(id);
    if (after) expect(after.version).toContain("|1334|run|");

    // Another activity (PUT: PATCH edits title, state, end and notes only): computed again for it.
    const replaced = await api<{ activity_type: string }>("PUT", `/tracks/${id}`, {
      token,
      body: { title: "Renamed", activity_type: "bike" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.activity_type).toBe("bike");
    await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    const bike = await storedRow(id);
    if (bike) expect(bike.version).toContain("|1334|bike|");
  });

  it("stores the segments with the chart, and a batch after a long gap shows as a new segment on the next read", async () => {
    const { token } = await newEventToken();
    const sync = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: "derived-segments" }, points: linePoints(600, { stepM: 3 }) },
    });
    const id = sync.body.track_id;
    type Segments = {
      segments: Array<{ index: number; points_count: number; stats: { distance_meters: number } }>;
    };
    const one = await api<Segments>("GET", `/tracks/${id}/segments`, { token });
    expect(one.status).toBe(200);
    expect(one.body.segments.map((s) => s.points_count)).toEqual([600]);
    expect(one.body.segments[0]?.stats.distance_meters).toBeCloseTo(1800, -1);
    const stored = await storedRow(id);
    if (stored) expect(stored.segments).toHaveLength(1);
    expect((await api<Segments>("GET", `/tracks/${id}/segments`, { token })).body).toEqual(one.body);

    // Ten minutes later (a gap of 5 minutes or more starts a segment), 300 more points further north.
    const last = Date.parse("2026-03-12T08:20:00Z") + 599_000;
    const later = linePoints(300, { start: last + 600_000, lat: 45.02, stepM: 3 });
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points: later } })).status).toBe(204);
    const two = await api<Segments>("GET", `/tracks/${id}/segments`, { token });
    expect(two.body.segments.map((s) => s.points_count)).toEqual([600, 300]);
    const chart = await api<Chart>("GET", `/tracks/${id}/chart`, { token });
    expect(chart.body.points.at(-1)?.ts).toBe(later.at(-1)?.timestamp);
    const after = await storedRow(id);
    if (after) {
      expect(after.version).toContain("|900|run|");
      expect(after.segments).toHaveLength(2);
    }
  });

  it("stores the path of each zoom asked for, and computes other sizes from the points", async () => {
    const { token } = await newEventToken();
    const wiggle = linePoints(2000, { stepM: 3 }).map((p, i) => ({
      ...p,
      longitude: 6 + 2e-4 * Math.sin(i / 10),
    }));
    const sync = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: "zooms" }, points: wiggle },
    });
    const id = sync.body.track_id;
    const far = await api<Chart>("GET", `/tracks/${id}/chart?zoom=8`, { token });
    const near = await api<Chart>("GET", `/tracks/${id}/chart?zoom=18`, { token });
    expect(far.body.path.length).toBeLessThan(near.body.path.length);
    expect((await api<Chart>("GET", `/tracks/${id}/chart?zoom=18`, { token })).body.path).toEqual(
      near.body.path,
    );
    const row = await storedRow(id);
    if (row) expect(Object.keys(row.paths).sort()).toEqual(["auto", "z18", "z8"]);
    const small = await api<Chart>("GET", `/tracks/${id}/chart?max_points=50`, { token });
    expect(small.body.points).toHaveLength(50);
  });

  it("answers records for one activity and one event when asked", async () => {
    const { token, eventId } = await newEventToken();
    for (const [device, activity] of [
      ["r1", "run"],
      ["b1", "bike"],
    ])
      await api("POST", "/sync", {
        token,
        body: { track: { device_track_id: device, activity_type: activity }, points: linePoints(601) },
      });
    const all = await api<{ records: Array<{ activity_type: string }> }>("GET", "/records", { token });
    expect(all.body.records.map((r) => r.activity_type).sort()).toEqual(["bike", "run"]);
    const bikes = await api<{ records: Array<{ activity_type: string }> }>(
      "GET",
      "/records?activity_type=bike",
      {
        token,
      },
    );
    expect(bikes.body.records.map((r) => r.activity_type)).toEqual(["bike"]);
    const own = await api<{ records: unknown[] }>("GET", `/records?event_id=${eventId}`, { token });
    expect(own.body.records).toHaveLength(2);
    // A token sees its own event only, whatever it asks for.
    const other = await newEventToken();
    const foreign = await api<{ records: unknown[] }>("GET", `/records?event_id=${other.eventId}`, { token });
    expect(foreign.body.records).toEqual([]);
    const bad = await api<{ code: string }>("GET", "/records?activity_type=swim", { token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("BAD_REQUEST");
  });
});
