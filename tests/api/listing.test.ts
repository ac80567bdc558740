import { beforeAll, describe, expect, it } from "vitest";
import { api, linePoints, newEventToken } from "../support/api";

type List = {
  tracks: Array<{ id: string; title: string; device_track_id: string }>;
  total: number;
  page: number;
  per_page: number;
};

describe("GET /tracks", () => {
  let token = "";
  const titles: string[] = [];
  beforeAll(async () => {
    ({ token } = await newEventToken());
    // Five finished tracks: distances 300, 600, … m; days 1..5 of March; two activities; two users.
    for (let i = 1; i <= 5; i++) {
      const title = i === 3 ? "Trail du MONT Blanc" : `Sortie ${i}`;
      titles.push(title);
      const points = linePoints(101, { start: Date.parse(`2026-03-0${i}T08:00:00Z`), stepM: 3 * i });
      const res = await api("POST", "/sync", {
        token,
        body: {
          track: {
            device_track_id: `list-${i}`,
            title,
            start_ts: points[0]?.timestamp,
            activity_type: i % 2 ? "run" : "bike",
            user_id: i <= 2 ? "alice" : "bob",
          },
          points,
        },
      });
      expect(res.status).toBe(201);
    }
    await api("POST", "/tracks", {
      token,
      body: { device_track_id: "live", title: "En cours", start_ts: "2026-03-06T08:00:00Z" },
    });
  });

  const ids = async (query: string) => {
    const res = await api<List>("GET", `/tracks?${query}`, { token });
    expect(res.status, query).toBe(200);
    return res.body.tracks.map((t) => t.device_track_id);
  };

  it("pages newest first by default with the total count", async () => {
    const res = await api<List>("GET", "/tracks?per_page=2", { token });
    expect(res.body).toMatchObject({ total: 6, page: 1, per_page: 2 });
    expect(res.body.tracks.map((t) => t.device_track_id)).toEqual(["live", "list-5"]);
    expect(await ids("per_page=2&page=3")).toEqual(["list-2", "list-1"]);
    expect(await ids("per_page=2&page=4")).toEqual([]);
    // The total is the filter's, whatever the page: on a full page, a partial one and one past the end.
    for (const [query, total, count] of [
      ["per_page=2&page=3", 6, 2],
      ["per_page=4&page=2", 6, 2],
      ["per_page=2&page=9", 6, 0],
      ["activity_type=bike&per_page=1&page=2", 2, 1],
      ["activity_type=bike&per_page=1&page=3", 2, 0],
    ] as const) {
      const page = await api<List>("GET", `/tracks?${query}`, { token });
      expect([page.body.total, page.body.tracks.length], query).toEqual([total, count]);
    }
  });

  it("filters by activity, state, user, title, dates and ranges", async () => {
    expect(await ids("activity_type=bike&order=asc")).toEqual(["list-2", "list-4"]);
    expect(await ids("state=running")).toEqual(["live"]);
    expect(await ids("user_id=alice&order=asc")).toEqual(["list-1", "list-2"]);
    expect(await ids("title=mont%20blanc")).toEqual(["list-3"]);
    expect(await ids("from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z&order=asc")).toEqual([
      "list-2",
      "list-3",
    ]);
    expect(await ids("distance_min=800&distance_max=1300&order=asc")).toEqual(["list-3", "list-4"]);
    expect(await ids("duration_min=99&duration_max=101&activity_type=run&order=asc")).toEqual([
      "list-1",
      "list-3",
      "list-5",
    ]);
    expect(await ids("speed_min=8")).toEqual(["list-5", "list-4", "list-3"]);
  });

  it("orders by distance, duration and mean speed both ways", async () => {
    expect(await ids("order_by=distance&order=desc&state=stopped")).toEqual([
      "list-5",
      "list-4",
      "list-3",
      "list-2",
      "list-1",
    ]);
    expect(await ids("order_by=mean_speed&order=asc&state=stopped")).toEqual([
      "list-1",
      "list-2",
      "list-3",
      "list-4",
      "list-5",
    ]);
    expect((await ids("order_by=duration")).length).toBe(6);
  });

  it("validates its query with 400", async () => {
    for (const q of [
      "per_page=101",
      "per_page=0",
      "page=0",
      "order_by=title",
      "order=up",
      "activity_type=swim",
      "from=yesterday",
    ]) {
      const res = await api("GET", `/tracks?${q}`, { token });
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("lists only the token's event", async () => {
    const other = await newEventToken();
    const res = await api<List>("GET", "/tracks", { token: other.token });
    expect(res.body.total).toBe(0);
  });
});

describe("chart, records and delete", () => {
  it("returns per-point chart data, a simplified path and per-km splits", async () => {
    const { token } = await newEventToken();
    const points = linePoints(1001, { stepM: 3 });
    const sync = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: "c" }, points },
    });
    const id = sync.body.track_id;
    const chart = await api<{
      points: Array<Record<string, number>>;
      path: number[][];
      bounds: number[][];
      splits: Array<{ distance_m: number; duration_sec: number }>;
    }>("GET", `/tracks/${id}/chart?max_points=100`, { token });
    expect(chart.status).toBe(200);
    expect(chart.body.points).toHaveLength(100);
    expect(chart.body.points[0]).toMatchObject({ distance_m: 0, elapsed_sec: 0, lat: 45, lon: 6 });
    expect(chart.body.points.at(-1)?.distance_m).toBeCloseTo(3000, -1);
    expect(chart.body.path).toHaveLength(2);
    expect(chart.body.bounds[0]).toEqual([45, 6]);
    expect(chart.body.splits.map((s) => Math.round(s.distance_m))).toEqual([1000, 1000, 1000]);
  });

  it("lists records per activity and deletes a track with its points (scope delete)", async () => {
    const { token } = await newEventToken();
    const sync = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: "r" }, points: linePoints(601) },
    });
    const records = await api<{
      records: Array<{ activity_type: string; longest_distance_m: { value: number; track_id: string } }>;
    }>("GET", "/records", { token });
    expect(records.body.records).toHaveLength(1);
    expect(records.body.records[0]).toMatchObject({
      activity_type: "run",
      longest_distance_m: { track_id: sync.body.track_id },
    });

    const reader = await newEventToken({ scopes: ["tracks:read", "tracks:write"] });
    expect((await api("DELETE", `/tracks/${sync.body.track_id}`, { token: reader.token })).status).toBe(403);
    const other = await newEventToken();
    expect((await api("DELETE", `/tracks/${sync.body.track_id}`, { token: other.token })).status).toBe(404);
    const del = await api("DELETE", `/tracks/${sync.body.track_id}`, { token });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ id: sync.body.track_id });
    expect((await api("GET", `/tracks/${sync.body.track_id}`, { token })).status).toBe(404);
    expect((await api("GET", `/tracks/${sync.body.track_id}/points`, { token })).status).toBe(404);
  });

  it("shows a running track's statistics as the track itself does", async () => {
    const { token: own } = await newEventToken();
    const created = await api<{ id: string }>("POST", "/tracks", {
      token: own,
      body: { device_track_id: "running", start_ts: "2026-03-07T08:00:00Z" },
    });
    const points = linePoints(60, { start: Date.parse("2026-03-07T08:00:00Z"), stepM: 3 });
    for (const batch of [points.slice(0, 25), points.slice(25)]) {
      const res = await api("POST", `/tracks/${created.body.id}/points`, {
        token: own,
        body: { points: batch },
      });
      expect(res.status).toBe(204);
    }
    type Stats = { stats: { distance_meters: number | null; points_count: number } };
    const one = await api<Stats>("GET", `/tracks/${created.body.id}`, { token: own });
    const list = await api<{ tracks: Stats[] }>("GET", "/tracks", { token: own });
    expect(one.body.stats.distance_meters).toBeGreaterThan(150);
    expect(one.body.stats.points_count).toBe(60);
    expect(list.body.tracks[0]?.stats).toEqual(one.body.stats);
  });
});
