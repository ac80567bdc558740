// Over 300 lines: one spec per feature, its cases side by side (each test stands alone).
import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";

/**
 * Issue 11, "data that must never be stored": every bad value is a 400 naming its field, in the documented
 * error body, and nothing of the request is stored.
 */

type ErrorBody = { code: string; message: string; issues?: Array<{ path: Array<string | number> }> };
type Track = {
  id: string;
  title: string;
  start_ts: string;
  end_ts: string | null;
  stats: Record<string, number | null>;
};

async function newTrack(token: string, body: Record<string, unknown> = {}) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId(), ...body },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const point = (extra: Record<string, unknown> = {}) => ({
  latitude: 45.1,
  longitude: 6.2,
  timestamp: "2026-03-12T08:20:05Z",
  ...extra,
});

function expectBadRequest(res: { status: number; body: unknown; text: string }, path: string) {
  expect(res.status, res.text).toBe(400);
  const body = res.body as ErrorBody;
  expect(body.code).toBe("BAD_REQUEST");
  expect(body.message).toContain(path);
}

async function pointsCount(token: string, id: string) {
  return (await api<{ count: number }>("GET", `/tracks/${id}/points`, { token })).body.count;
}

describe("strict input: types, ranges, times, NUL", () => {
  it("refuses any non-number for a number field, naming it, and stores nothing (no coercion)", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    for (const bad of [null, "", false, [], true, "0x2A", "42", {}]) {
      const points = [
        point(),
        point({ timestamp: "2026-03-12T08:20:06Z" }),
        point({ latitude: bad, timestamp: "2026-03-12T08:20:07Z" }),
      ];
      const res = await api("POST", `/tracks/${id}/points`, { token, body: { points } });
      expectBadRequest(res, "points[2].latitude");
    }
    expect(await pointsCount(token, id)).toBe(0);
  });

  it("takes an optional field sent as null as absent, never as 0", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    const nulls = {
      altitude: null,
      accuracy: null,
      speed_mps: null,
      heading: null,
      battery: null,
      origin: null,
    };
    expect(
      (await api("POST", `/tracks/${id}/points`, { token, body: { points: [point(nulls)] } })).status,
    ).toBe(204);
    const page = await api<{ points: unknown[] }>("GET", `/tracks/${id}/points`, { token });
    expect(page.body.points).toEqual([
      { latitude: 45.1, longitude: 6.2, timestamp: "2026-03-12T08:20:05.000Z" },
    ]);
  });

  it("keeps the sensors a phone sends (our extension of the contract) and averages them", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
    const points = linePoints(120, { stepSec: 5, stepM: 15 }).map((p, i) => ({
      ...p,
      heart_rate_bpm: 140 + (i % 2) * 10,
      cadence_rpm: 85,
      power_w: 200,
      temperature_c: 12.5,
    }));
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points } })).status).toBe(204);
    const page = await api<{ points: Array<Record<string, unknown>> }>(
      "GET",
      `/tracks/${id}/points?limit=1`,
      { token },
    );
    expect(page.body.points[0]).toMatchObject({
      heart_rate_bpm: 140,
      cadence_rpm: 85,
      power_w: 200,
      temperature_c: 12.5,
    });
    const finished = await api<Track>("POST", `/tracks/${id}/finish`, { token });
    expect(finished.body.stats.avg_heart_rate_bpm).toBeCloseTo(145, 0);
    expect(finished.body.stats.max_heart_rate_bpm).toBe(150);
    expect(finished.body.stats.avg_power_w).toBe(200);
  });

  it("range-checks every numeric field of a point", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    const cases: Array<[string, unknown]> = [
      ["altitude", 1e308],
      ["altitude", -1e308],
      ["altitude", 9001],
      ["accuracy", -1],
      ["speed_mps", -0.5],
      ["speed_mps", 1e6],
      ["heading", 361],
      ["battery", 1.5],
      ["latitude", 91],
      ["longitude", -181],
      ["heart_rate_bpm", 300],
      ["cadence_rpm", -1],
      ["power_w", 5000],
      ["temperature_c", 100],
    ];
    for (const [field, value] of cases) {
      const res = await api("POST", `/tracks/${id}/points`, {
        token,
        body: { points: [point({ [field]: value })] },
      });
      expectBadRequest(res, `points[0].${field}`);
    }
    expect(await pointsCount(token, id)).toBe(0);
  });

  it("refuses implausible or unstorable timestamps everywhere they come in", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    for (const ts of [
      "2099-01-01T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59-12:00",
      "1999-12-31T23:59:59Z",
      "2026-03-12T08:20:00",
    ]) {
      expectBadRequest(
        await api("POST", `/tracks/${id}/points`, { token, body: { points: [point({ timestamp: ts })] } }),
        "points[0].timestamp",
      );
      expectBadRequest(
        await api("POST", "/tracks", { token, body: { device_track_id: uniqueDeviceId(), start_ts: ts } }),
        "start_ts",
      );
      expectBadRequest(await api("PATCH", `/tracks/${id}`, { token, body: { end_ts: ts } }), "end_ts");
      expectBadRequest(
        await api("POST", "/sync", {
          token,
          body: { track: { device_track_id: uniqueDeviceId(), start_ts: ts }, points: [] },
        }),
        "track.start_ts",
      );
    }
    for (const ts of ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"]) {
      expectBadRequest(await api("GET", `/tracks?from=${encodeURIComponent(ts)}`, { token }), "from");
      expectBadRequest(await api("GET", `/tracks?to=${encodeURIComponent(ts)}`, { token }), "to");
    }
    expect(await pointsCount(token, id)).toBe(0);
    const list = await api<{ total: number }>("GET", "/tracks", { token });
    expect(list.body.total).toBe(1);
  });

  it("refuses a NUL character wherever text comes in", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    const nul = "a\u0000b";
    expectBadRequest(
      await api("POST", "/tracks", { token, body: { device_track_id: nul } }),
      "device_track_id",
    );
    expectBadRequest(
      await api("POST", "/tracks", { token, body: { device_track_id: uniqueDeviceId(), title: nul } }),
      "title",
    );
    expectBadRequest(
      await api("POST", "/tracks", { token, body: { device_track_id: uniqueDeviceId(), user_id: nul } }),
      "user_id",
    );
    expectBadRequest(await api("PATCH", `/tracks/${id}`, { token, body: { title: nul } }), "title");
    expectBadRequest(
      await api("POST", "/sync", { token, body: { track: { device_track_id: nul }, points: [] } }),
      "track.device_track_id",
    );
    expectBadRequest(
      await api("POST", "/imports", { token, body: { files: [{ name: nul, data_base64: "PGdweC8+" }] } }),
      "files[0].name",
    );
    expectBadRequest(await api("GET", "/tracks?title=%00", { token }), "title");
    expectBadRequest(await api("GET", "/tracks?user_id=a%00", { token }), "user_id");
    expect((await api<{ total: number }>("GET", "/tracks", { token })).body.total).toBe(1);
  });

  it("keeps a track consistent: end after start, a title that is not blank", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:00:00Z" });
    const before = await api<Track>("GET", `/tracks/${id}`, { token });
    expectBadRequest(
      await api("PATCH", `/tracks/${id}`, { token, body: { end_ts: "2026-03-12T07:59:59Z" } }),
      "end_ts",
    );
    expectBadRequest(await api("PATCH", `/tracks/${id}`, { token, body: { title: "   " } }), "title");
    expectBadRequest(await api("PATCH", `/tracks/${id}`, { token, body: { title: "" } }), "title");
    expect((await api<Track>("GET", `/tracks/${id}`, { token })).body).toEqual(before.body);
    expect(
      (await api("PATCH", `/tracks/${id}`, { token, body: { end_ts: "2026-03-12T09:00:00Z" } })).status,
    ).toBe(200);
  });

  it("/sync: the start is the first point's time without start_ts; rates are derived from given totals", async () => {
    const { token } = await newEventToken({ timezone: "Europe/Paris" });
    const points = linePoints(30, { start: Date.parse("2024-05-04T07:00:00Z") });
    const synced = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: uniqueDeviceId() }, points: [...points].reverse() },
    });
    expect(synced.status, synced.text).toBe(201);
    const track = (await api<Track>("GET", `/tracks/${synced.body.track_id}`, { token })).body;
    expect(track.start_ts).toBe("2024-05-04T07:00:00.000Z");
    expect(track.title).toBe("Sortie du 4 mai à 09h00");

    const totals = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: {
        track: { device_track_id: uniqueDeviceId(), start_ts: "2024-05-04T07:00:00Z" },
        stats: { distance_meters: 10_000, moving_time_sec: 3000, duration_sec: 3300 },
      },
    });
    expect(totals.status, totals.text).toBe(201);
    const stats = (await api<Track>("GET", `/tracks/${totals.body.track_id}`, { token })).body.stats;
    expect(stats.mean_speed_mps).toBeCloseTo(10_000 / 3000, 6);
    expect(stats.pace_sec_per_km).toBeCloseTo(300, 6);
    expectBadRequest(
      await api("POST", "/sync", {
        token,
        body: { track: { device_track_id: uniqueDeviceId() }, stats: { distance_meters: -5 } },
      }),
      "stats.distance_meters",
    );
    expectBadRequest(
      await api("POST", "/sync", {
        token,
        body: {
          track: {
            device_track_id: uniqueDeviceId(),
            start_ts: "2024-05-04T07:00:00Z",
            end_ts: "2024-05-04T06:00:00Z",
          },
        },
      }),
      "end_ts",
    );
  });
});

describe("the track lifecycle a phone really has", () => {
  it("counts points sent after finish in the statistics (an offline buffer flushed late)", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
    const all = linePoints(400, { stepSec: 5, stepM: 15 });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: all.slice(0, 40) } });
    const early = await api<Track>("POST", `/tracks/${id}/finish`, { token });
    const late = await api("POST", `/tracks/${id}/points`, { token, body: { points: all.slice(40) } });
    expect(late.status).toBe(204);
    const after = (await api<Track & { points_count: number }>("GET", `/tracks/${id}`, { token })).body;
    expect(after.points_count).toBe(400);
    expect(after.stats.distance_meters ?? 0).toBeGreaterThan((early.body.stats.distance_meters ?? 0) * 5);
    expect(after.end_ts).toBe(all[399]?.timestamp);
  });

  it("never leaves stale statistics when finish races a batch", async () => {
    const { token } = await newEventToken();
    for (let trial = 0; trial < 10; trial++) {
      const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
      const pts = linePoints(60, { stepSec: 5, stepM: 15 });
      await api("POST", `/tracks/${id}/points`, { token, body: { points: pts.slice(0, 30) } });
      const [batch] = await Promise.all([
        api("POST", `/tracks/${id}/points`, { token, body: { points: pts.slice(30) } }),
        api("POST", `/tracks/${id}/finish`, { token }),
      ]);
      expect(batch.status).toBe(204);
      const track = (await api<Track & { points_count: number }>("GET", `/tracks/${id}`, { token })).body;
      expect(track.points_count).toBe(60);
      // The statistics are those of all 60 points: a recompute of the same points gives the same figures.
      const again = await api<Track>("POST", `/tracks/${id}/finish`, { token });
      expect(again.body.stats).toEqual(track.stats);
    }
  });

  it("answers a repeated device_track_id with a 409 naming the existing track, and lists by device_track_id", async () => {
    const { token } = await newEventToken();
    const device = uniqueDeviceId();
    const id = await newTrack(token, { device_track_id: device });
    await newTrack(token);
    const again = await api<{ code: string; id: string; device_track_id: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: device },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "CONFLICT", id, device_track_id: device });
    const synced = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: device } },
    });
    expect(synced.status).toBe(409);
    expect(synced.body.track_id).toBe(id);
    const list = await api<{ total: number; tracks: Array<{ id: string }> }>(
      "GET",
      `/tracks?device_track_id=${encodeURIComponent(device)}`,
      { token },
    );
    expect(list.body.total).toBe(1);
    expect(list.body.tracks.map((t) => t.id)).toEqual([id]);
  });

  it("refuses unknown query parameters and malformed numbers instead of ignoring them", async () => {
    const { token } = await newEventToken();
    for (const query of ["page_size=5", "page=0x2", "per_page=", "per_page=1e999", "page=1&page=2"]) {
      const res = await api<ErrorBody>("GET", `/tracks?${query}`, { token });
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
    }
    expect((await api("GET", "/tracks?page=2&per_page=5", { token })).status).toBe(200);
  });

  it("takes other APIs' parameter names as aliases, and dates alone as days of the event's timezone", async () => {
    const { token } = await newEventToken({ timezone: "America/New_York" });
    // 23:30 in New York on March 14 is March 15 in UTC.
    for (const start of ["2026-03-15T03:30:00Z", "2026-03-16T12:00:00Z", "2026-03-17T12:00:00Z"])
      await newTrack(token, { start_ts: start });
    type Page = { total: number; per_page: number; tracks: Array<{ start_ts: string }> };
    const aliased = await api<Page>("GET", "/tracks?pageSize=2&noEarlierThan=2026-03-15T00:00:00Z", {
      token,
    });
    expect(aliased.status, aliased.text).toBe(200);
    expect(aliased.body).toMatchObject({ per_page: 2, total: 3 });
    const day = await api<Page>("GET", "/tracks?from=2026-03-14&to=2026-03-14", { token });
    expect(day.body.tracks.map((t) => t.start_ts)).toEqual(["2026-03-15T03:30:00.000Z"]);
    const both = await api<ErrorBody>("GET", "/tracks?pageSize=2&per_page=3", { token });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain("pageSize");
    const fast = await api<Page>("GET", "/tracks?max_speed_from=1000", { token });
    expect(fast.body.total).toBe(0);
  });

  it("answers 405 with Allow for a known path and another method, 404 for an unknown path", async () => {
    const { token } = await newEventToken();
    const sync = await api<ErrorBody>("GET", "/sync", { token });
    expect(sync.status).toBe(405);
    expect(sync.headers.get("allow")).toBe("POST");
    expect(sync.body.code).toBe("METHOD_NOT_ALLOWED");
    const unknown = await api<ErrorBody>("GET", "/nothing-here", { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe("NOT_FOUND");
  });

  it("says which content types it takes", async () => {
    const { token } = await newEventToken();
    const res = await api<ErrorBody>("POST", "/tracks", {
      token,
      rawBody: "device_track_id=x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Unsupported content type "text/plain": send application/json');
  });
});

describe("strict input: fields the API does not take", () => {
  it("refuses an unknown body field by name instead of dropping it, and changes nothing", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { title: "Before" });
    const patch = await api("PATCH", `/tracks/${id}`, {
      token,
      body: { title: "After", activity_type: "ride" },
    });
    expectBadRequest(patch, "activity_type");
    expect((patch.body as ErrorBody).issues?.[0]?.path).toEqual(["activity_type"]);
    const track = await api<Track & { activity_type: string }>("GET", `/tracks/${id}`, { token });
    expect(track.body.title).toBe("Before");

    const points = [point(), { lat: 45.1, lng: 6.2, timestamp: "2026-03-12T08:20:06Z" }];
    const res = await api("POST", `/tracks/${id}/points`, { token, body: { points } });
    expectBadRequest(res, "points[1].lat");
    expect(await pointsCount(token, id)).toBe(0);
  });

  it("still answers 401 first to a caller without a token, and documents closed bodies", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    const res = await api("PATCH", `/tracks/${id}`, { body: { activity_type: "ride" } });
    expect(res.status, res.text).toBe(401);
    const doc = (await (await fetch(`${inject("baseUrl")}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>
      >;
    };
    const patch = doc.paths["/tracks/{id}"]?.patch?.requestBody.content["application/json"]?.schema;
    expect(patch).toMatchObject({ type: "object", additionalProperties: false });
  });
});
