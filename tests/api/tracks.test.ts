import { describe, expect, it } from "vitest";
import { api, linePoints, newEventToken, revoke, uniqueDeviceId } from "../support/api";

type Track = Record<string, unknown> & { id: string; stats: Record<string, number | null> };

async function newTrack(token: string, extra: Record<string, unknown> = {}) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId(), ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe("authentication", () => {
  it("refuses a missing, unknown or revoked token with 401 UNAUTHORIZED", async () => {
    const missing = await api("POST", "/tracks", { body: { device_track_id: "x" } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: "UNAUTHORIZED" });
    const unknown = await api("GET", "/tracks/00000000-0000-4000-8000-000000000000", { token: "rfy_nope" });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });

    const { token } = await newEventToken();
    const id = await newTrack(token);
    await revoke(token);
    // The revocation comes from another process (the admin command), so it reaches the server's token cache
    // through the bus: allow that message its trip, well inside the cache's 5 s expiry that bounds a lost one.
    let revoked = await api("GET", `/tracks/${id}`, { token });
    for (let i = 0; revoked.status === 200 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 100));
      revoked = await api("GET", `/tracks/${id}`, { token });
    }
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("accepts Authorization: Bearer as well as X-API-Key", async () => {
    const { token } = await newEventToken();
    const res = await api("POST", "/tracks", {
      headers: { Authorization: `Bearer ${token}` },
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(res.status).toBe(201);
  });

  it("hides tracks of another event behind 404 on every endpoint", async () => {
    const a = await newEventToken();
    const b = await newEventToken();
    const id = await newTrack(a.token);
    const calls: Array<[string, string, unknown?]> = [
      ["GET", `/tracks/${id}`],
      ["GET", `/tracks/${id}/points`],
      ["PATCH", `/tracks/${id}`, { title: "stolen" }],
      ["POST", `/tracks/${id}/finish`],
      ["POST", `/tracks/${id}/points`, { points: linePoints(2) }],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(method, path, { token: b.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ code: "NOT_FOUND" });
    }
    const mine = await api<Track>("GET", `/tracks/${id}`, { token: a.token });
    expect(mine.body.title).not.toBe("stolen");
    expect(mine.body.points_count).toBe(0);
  });

  it("enforces token scopes with 403 FORBIDDEN", async () => {
    const reader = await newEventToken({ scopes: ["tracks:read"] });
    const res = await api("POST", "/tracks", {
      token: reader.token,
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("POST /tracks", () => {
  it("creates a track with defaults and the French auto-title in the event's timezone", async () => {
    const { token } = await newEventToken();
    const device = uniqueDeviceId();
    const res = await api<{ id: string; device_track_id: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: device, start_ts: "2026-03-12T08:20:00Z" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), device_track_id: device });
    const track = await api<Track>("GET", `/tracks/${res.body.id}`, { token });
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({
      title: "Sortie du 12 mars à 09h20",
      activity_type: "run",
      state: "running",
      start_ts: "2026-03-12T08:20:00.000Z",
      end_ts: null,
      image_url: null,
      points_count: 0,
    });
    for (const key of [
      "id",
      "device_track_id",
      "title",
      "activity_type",
      "state",
      "start_ts",
      "end_ts",
      "image_url",
      "points_count",
      "stats",
      "created_at",
      "updated_at",
    ]) {
      expect(track.body).toHaveProperty(key);
    }
    expect(track.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("uses the event's own timezone for the title", async () => {
    const { token } = await newEventToken({ timezone: "America/Montreal" });
    const id = await newTrack(token, { start_ts: "2026-03-12T23:30:00Z" });
    const track = await api<Track>("GET", `/tracks/${id}`, { token });
    expect(track.body.title).toBe("Sortie du 12 mars à 19h30");
  });

  it("defaults start_ts to now and keeps given fields", async () => {
    const { token } = await newEventToken();
    const before = Date.now();
    const id = await newTrack(token, {
      title: "Mon trail",
      activity_type: "hike",
      user_id: "u-42",
      image_url: "https://example.org/a.png",
    });
    const track = await api<Track>("GET", `/tracks/${id}`, { token });
    expect(track.body).toMatchObject({
      title: "Mon trail",
      activity_type: "hike",
      user_id: "u-42",
      image_url: "https://example.org/a.png",
    });
    expect(Date.parse(String(track.body.start_ts))).toBeGreaterThanOrEqual(before - 1000);
  });

  it("validates every field with 400 BAD_REQUEST and zod issues", async () => {
    const { token } = await newEventToken();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "device_track_id"],
      [{ device_track_id: "" }, "device_track_id"],
      [{ device_track_id: "x".repeat(101) }, "device_track_id"],
      [{ device_track_id: "ok", title: "t".repeat(501) }, "title"],
      [{ device_track_id: "ok", activity_type: "swim" }, "activity_type"],
      [{ device_track_id: "ok", start_ts: "yesterday" }, "start_ts"],
      [{ device_track_id: "ok", user_id: "u".repeat(256) }, "user_id"],
      [{ device_track_id: "ok", image_url: "not a url" }, "image_url"],
    ];
    for (const [body, field] of cases) {
      const res = await api<{ code: string; issues: Array<{ path: string[] }> }>("POST", "/tracks", {
        token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.issues.map((i) => i.path[0])).toContain(field);
    }
  });

  it("answers 409 CONFLICT for a device_track_id already used in the event, not in another", async () => {
    const a = await newEventToken();
    const b = await newEventToken();
    const device = uniqueDeviceId();
    expect((await api("POST", "/tracks", { token: a.token, body: { device_track_id: device } })).status).toBe(
      201,
    );
    const again = await api("POST", "/tracks", { token: a.token, body: { device_track_id: device } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "CONFLICT" });
    expect((await api("POST", "/tracks", { token: b.token, body: { device_track_id: device } })).status).toBe(
      201,
    );
  });

  it("answers 400 for malformed JSON", async () => {
    const { token } = await newEventToken();
    const res = await api("POST", "/tracks", { token, rawBody: '{"device_track_id": "x"' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("PATCH /tracks/:id", () => {
  it("updates title, state and end_ts, and validates them", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
    const res = await api<Track>("PATCH", `/tracks/${id}`, {
      token,
      body: { title: "Renamed", state: "paused", end_ts: "2026-03-12T10:00:00.000Z" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      title: "Renamed",
      state: "paused",
      end_ts: "2026-03-12T10:00:00.000Z",
    });
    const resumed = await api<Track>("PATCH", `/tracks/${id}`, { token, body: { state: "running" } });
    expect(resumed.body).toMatchObject({ title: "Renamed", state: "running" });
    const bad = await api("PATCH", `/tracks/${id}`, { token, body: { state: "flying" } });
    expect(bad.status).toBe(400);
    const missing = await api("PATCH", "/tracks/00000000-0000-4000-8000-000000000000", {
      token,
      body: { title: "x" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("POST /tracks/:id/finish", () => {
  it("stops the track, sets end_ts to the last point and computes statistics", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
    // 601 points, 1 s and 3 m apart northwards: 1,800 m in 600 s at 3 m/s.
    const points = linePoints(601);
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points } })).status).toBe(204);
    const res = await api<Track>("POST", `/tracks/${id}/finish`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: "stopped",
      end_ts: points[600]?.timestamp.replace(/Z$/, "Z"),
      points_count: 601,
    });
    const s = res.body.stats;
    expect(s.distance_meters).toBeCloseTo(1800, -1);
    expect(s.duration_sec).toBe(600);
    expect(s.mean_speed_mps).toBeCloseTo(3, 1);
    expect(s.pace_sec_per_km).toBeCloseTo(333.3, -1);
    expect(s.max_altitude_m).toBe(500);
    expect(s.min_altitude_m).toBe(500);
    expect(s.elevation_gain_m).toBe(0);
    expect(s.points_count).toBe(601);
    const again = await api<Track>("GET", `/tracks/${id}`, { token });
    expect(again.body.stats).toEqual(s);
  });

  it("sets end_ts to now when the track has no points", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token);
    const before = Date.now();
    const res = await api<Track>("POST", `/tracks/${id}/finish`, { token });
    expect(res.status).toBe(200);
    expect(Date.parse(String(res.body.end_ts))).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.stats.points_count).toBe(0);
  });
});
