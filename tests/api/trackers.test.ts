// Over 300 lines: one spec per feature, its cases side by side (each test stands alone).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  GPSLOGGER,
  OSMAND_QUERIES,
  OWNTRACKS,
  TRACCAR_ANDROID_QUERY,
  TRACCAR_JSON,
} from "~/server/domain/trackers/fixtures";
import { api, newEventToken } from "../support/api";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

/**
 * The tracker apps (OsmAnd / Traccar Client, OwnTracks, GPSLogger) over HTTP, with the requests their sources
 * show (domain/trackers/fixtures.ts), the token where each app puts its device id.
 */
type Track = { id: string; state: string; start_ts: string; end_ts: string | null; points_count: number };
type Point = Record<string, number | string | undefined>;

const base = () => inject("baseUrl");
const withId = (query: string, token: string) => query.replace(/(^|&)(id|deviceid)=[^&]*/, `$1$2=${token}`);

async function tracksOf(token: string) {
  const res = await api<{ tracks: Array<Track & { stats: Record<string, number | null> }> }>(
    "GET",
    "/tracks?order_by=start_ts&order=asc",
    { token },
  );
  return res.body.tracks;
}
async function pointsOf(token: string, id: string) {
  return (await api<{ points: Point[] }>("GET", `/tracks/${id}/points`, { token })).body.points;
}
const get = (path: string, init: RequestInit = {}) => fetch(`${base()}/api/trackers/${path}`, init);

describe("OsmAnd protocol and Traccar Client", () => {
  it("opens the device's track at its first fix (old client's query: knots, percent) and appends the next as a form body", async () => {
    const { token } = await newEventToken();
    const res = await get(`osmand?${withId(TRACCAR_ANDROID_QUERY, token)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const form = withId(TRACCAR_ANDROID_QUERY, token).replace("timestamp=1718459112", "timestamp=1718459117");
    const post = await get("osmand", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.replace("lat=45.1", "lat=45.10004"),
    });
    expect(post.status).toBe(200);
    const [track, ...others] = await tracksOf(token);
    expect(others).toEqual([]);
    expect(track).toMatchObject({ state: "running", start_ts: "2024-06-15T13:45:12.000Z", points_count: 2 });
    const points = await pointsOf(token, track?.id ?? "");
    expect(points[0]).toMatchObject({
      latitude: 45.1,
      longitude: 6.2,
      heading: 182,
      altitude: 812,
      battery: 0.64,
    });
    expect(points[0]?.speed_mps).toBeCloseTo(2.7778, 3);
    // accuracy=0.0 is the client's "unknown" (GPS fixes): not stored as 0.
    expect(points[0]?.accuracy).toBeUndefined();
  });

  it("reads Traccar's own decoder test queries: ISO, milliseconds, spaced times, location=, batt %", async () => {
    for (const [name, query] of Object.entries(OSMAND_QUERIES)) {
      if (name === "noId") continue;
      const { token } = await newEventToken();
      const res = await get(`osmand?${withId(query, token)}`);
      expect(res.status, name).toBe(200);
      const [track] = await tracksOf(token);
      const [point] = await pointsOf(token, track?.id ?? "");
      if (name === "iso") expect(point?.timestamp).toBe("2016-01-27T18:55:47.000Z");
      if (name === "millis") expect(point?.timestamp).toBe("2015-09-12T14:38:06.579Z");
      if (name === "spaced") expect(point?.timestamp).toBe("2014-06-04T09:10:11.000Z");
      if (name === "battery") expect(point?.battery).toBe(0.87);
      if (name === "location") expect(point).toMatchObject({ latitude: 60, longitude: 30 });
      if (name === "vehicle") expect(Number(point?.speed_mps)).toBeCloseTo(20.578, 3);
    }
    const noId = await get(`osmand?${OSMAND_QUERIES.noId}`);
    expect(noId.status).toBe(401);
  });

  it("reads the JSON of Traccar Client 9+ (m/s, battery 0…1, −1 unknown)", async () => {
    const { token } = await newEventToken();
    for (const body of [TRACCAR_JSON.moving, TRACCAR_JSON.ios]) {
      const res = await get("osmand", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: body.replace(/"device_id":"\d+"/, `"device_id":"${token}"`),
      });
      expect(res.status).toBe(200);
    }
    const tracks = await tracksOf(token);
    const all = (await Promise.all(tracks.map((t) => pointsOf(token, t.id)))).flat();
    const moving = all.find((p) => p.timestamp === "2021-07-21T08:06:34.444Z");
    expect(moving).toMatchObject({
      speed_mps: 18.67,
      heading: 63,
      battery: 0.79,
      accuracy: 3.8,
      altitude: 35.7,
    });
    const ios = all.find((p) => p.timestamp === "2025-05-09T04:11:30.579Z");
    expect(ios).toMatchObject({ latitude: 37.785834, accuracy: 5 });
    expect(ios?.speed_mps).toBeUndefined();
    expect(ios?.battery).toBeUndefined();
  });

  it("refuses bad fixes with a 400 naming the field and stores nothing, never (0, 0)", async () => {
    const { token } = await newEventToken();
    const cases = [
      `id=${token}&lat=0.0&lon=0.0&timestamp=1718459112`,
      `id=${token}&lat=95&lon=6&timestamp=1718459112`,
      `id=${token}&lat=45&lon=abc&timestamp=1718459112`,
      `id=${token}&lat=45&lon=6&timestamp=1718459112&speed=400`,
      `id=${token}&lat=45&lon=6&timestamp=1999-12-31T23:00:00Z`,
    ];
    for (const query of cases) {
      const res = await get(`osmand?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/^Invalid fix/),
      });
    }
    const badJson = await get("osmand", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(badJson.status).toBe(400);
    expect(await tracksOf(token)).toEqual([]);
    // valid=false: the device says it has no fix: a success, nothing stored.
    expect((await get(`osmand?id=${token}&valid=false&lat=45&lon=6`)).status).toBe(200);
    expect(await tracksOf(token)).toEqual([]);
  });

  it("treats duplicated and out-of-order fixes as POST /tracks/{id}/points does", async () => {
    const { token } = await newEventToken();
    const fix = (ts: number, lat: number) => get(`osmand?id=${token}&lat=${lat}&lon=6&timestamp=${ts}`);
    const t0 = Math.floor(Date.parse("2026-03-12T08:20:00Z") / 1000);
    for (const [ts, lat] of [
      [t0 + 10, 45.0002],
      [t0, 45],
      [t0 + 10, 45.0002],
      [t0 + 5, 45.0001],
    ] as const)
      expect((await fix(ts, lat)).status).toBe(200);
    const [track, ...others] = await tracksOf(token);
    expect(others).toEqual([]);
    expect(track?.points_count).toBe(3);
    const points = await pointsOf(token, track?.id ?? "");
    expect(points.map((p) => p.timestamp)).toEqual([
      "2026-03-12T08:20:00.000Z",
      "2026-03-12T08:20:05.000Z",
      "2026-03-12T08:20:10.000Z",
    ]);
  });

  it("closes the track after the idle delay with statistics, opens the next, and gives late fixes to the closed one", async () => {
    const { token } = await newEventToken();
    const t0 = Math.floor(Date.parse("2026-03-12T08:20:00Z") / 1000);
    const fix = (ts: number, lat: number) => get(`osmand?id=${token}&lat=${lat}&lon=6&timestamp=${ts}`);
    for (let i = 0; i < 5; i++) expect((await fix(t0 + i * 10, 45 + i * 0.0002)).status).toBe(200);
    // 31 minutes later (the default delay is 30): a new session.
    expect((await fix(t0 + 40 + 31 * 60, 45.01)).status).toBe(200);
    let [first, second] = await tracksOf(token);
    expect(first).toMatchObject({ state: "stopped", end_ts: "2026-03-12T08:20:40.000Z", points_count: 5 });
    expect(first?.stats.distance_meters).toBeGreaterThan(80);
    expect(second).toMatchObject({ state: "running", start_ts: "2026-03-12T08:51:40.000Z", points_count: 1 });
    // A late fix of the first session (an offline buffer): stored there, its statistics computed again.
    expect((await fix(t0 + 45, 45.0009)).status).toBe(200);
    expect((await fix(t0 + 35, 45.0007)).status).toBe(200);
    [first, second] = await tracksOf(token);
    // Both went to the first session (the newest had not started yet at their times).
    expect(first?.points_count).toBe(7);
    expect(first?.end_ts).toBe("2026-03-12T08:20:45.000Z");
    expect(second?.points_count).toBe(1);
  });

  it("stores no fix after the event's end (the end of its day in its timezone): 409", async () => {
    // A zone where the event's day ends between 2 and 20 hours from now, so a fix past it is not in the future.
    const now = Date.now();
    const zone = Array.from({ length: 27 }, (_, i) => i - 12)
      .map((h) => (h === 0 ? "Etc/GMT" : `Etc/GMT${h > 0 ? "+" : "-"}${Math.abs(h)}`))
      .find((tz) => {
        const local = new Date(now - Number(tz.slice(7) || 0) * 3600_000);
        const left = 86_400_000 - (local.getTime() % 86_400_000);
        return left > 2 * 3600_000 && left < 20 * 3600_000;
      });
    const { token } = await newEventToken({ timezone: zone });
    const offset = Number(zone?.slice(7) || 0) * 3600_000;
    const end = now - offset + 86_400_000 - ((now - offset) % 86_400_000) + offset;
    const late = await get(`osmand?id=${token}&lat=45&lon=6&timestamp=${Math.floor((end + 60_000) / 1000)}`);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/event ended/),
    });
    expect(
      (await get(`osmand?id=${token}&lat=45&lon=6&timestamp=${Math.floor((end - 60_000) / 1000)}`)).status,
    ).toBe(200);
  });
});

describe("OwnTracks HTTP mode", () => {
  const post = (body: string, token: string, user = "jane") =>
    get("owntracks", {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        Authorization: `Basic ${Buffer.from(`${user}:${token}`).toString("base64")}`,
        "X-Limit-U": user,
        "X-Limit-D": "phone",
      },
      body,
    });

  it("stores a location (tst s, vel km/h, batt %) and answers a JSON array; other messages are acknowledged", async () => {
    const { token } = await newEventToken();
    const res = await post(OWNTRACKS.android, token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual([]);
    for (const other of [OWNTRACKS.lwt, OWNTRACKS.transition, ""]) {
      const r = await post(other, token);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual([]);
    }
    const [track, ...others] = await tracksOf(token);
    expect(others).toEqual([]);
    const [point, ...more] = await pointsOf(token, track?.id ?? "");
    expect(more).toEqual([]);
    expect(point).toMatchObject({
      timestamp: "2017-06-14T21:40:56.000Z",
      latitude: 48.85833,
      longitude: 2.29513,
      altitude: 161,
      accuracy: 5,
      heading: 271,
      battery: 0.41,
      speed_mps: 5,
    });
  });

  it("refuses a wrong password (401), encrypted payloads and bad fields (400), a huge body (413)", async () => {
    const { token } = await newEventToken();
    expect((await post(OWNTRACKS.minimal, `${token}x`)).status).toBe(401);
    expect((await post('{"_type":"encrypted","data":"abc"}', token)).status).toBe(400);
    expect((await post('{"_type":"location","lat":91,"lon":2,"tst":1497476456}', token)).status).toBe(400);
    expect((await post('{"_type":"location","lat":"48.8","lon":2,"tst":1497476456}', token)).status).toBe(
      400,
    );
    const huge = JSON.stringify({
      _type: "location",
      lat: 1,
      lon: 1,
      tst: 1497476456,
      pad: "x".repeat(70_000),
    });
    expect((await post(huge, token)).status).toBe(413);
    expect(await tracksOf(token)).toEqual([]);
    // The token may also come as a header or in the URL (for set-ups without a password field).
    const viaQuery = await fetch(`${base()}/api/trackers/owntracks?token=${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: OWNTRACKS.minimal,
    });
    expect(viaQuery.status).toBe(200);
  });
});

describe("GPSLogger custom URL", () => {
  it("stores a fix sent with the documented template (GET), m/s and battery %", async () => {
    const { token } = await newEventToken();
    const res = await get(`gpslogger?token=${token}&${GPSLOGGER.template}`);
    expect(res.status).toBe(200);
    const post = await get(`gpslogger?token=${token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: GPSLOGGER.template.replace("08:20:05", "08:20:10").replace("lat=45.1", "lat=45.1001"),
    });
    expect(post.status).toBe(200);
    const [track] = await tracksOf(token);
    const points = await pointsOf(token, track?.id ?? "");
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({
      timestamp: "2026-03-12T08:20:05.000Z",
      speed_mps: 2.8,
      altitude: 812,
      accuracy: 4,
      heading: 271,
      battery: 0.64,
    });
  });

  it("refuses GPSLogger's own test URL (9,005 m/s), a placeholder left as text and (0, 0)", async () => {
    const { token } = await newEventToken();
    const tooFast = await get(`gpslogger?token=${token}&${GPSLOGGER.upstream}`);
    expect(tooFast.status).toBe(400);
    expect(await tooFast.json()).toMatchObject({ message: expect.stringMatching(/speed_mps/) });
    expect((await get(`gpslogger?token=${token}&lat=%25LAT&lon=1&time=2026-03-12T08:20:05Z`)).status).toBe(
      400,
    );
    expect((await get(`gpslogger?token=${token}&lat=0.0&lon=0.0&time=2026-03-12T08:20:05Z`)).status).toBe(
      400,
    );
    expect((await get(`gpslogger?lat=1&lon=1&time=2026-03-12T08:20:05Z`)).status).toBe(401);
    expect(await tracksOf(token)).toEqual([]);
  });

  it("is rate limited per token like the REST path (429 with Retry-After)", async () => {
    const { token } = await newEventToken({ server: "limited" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(
        `${inject("limitedUrl")}/api/trackers/gpslogger?token=${token}&lat=45.1&lon=6.2&timestamp=${1773303600 + i}`,
      );
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("the sweep", () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(inject("dbKind"), "sweep");
    server = await startServer(database.url, { TRACKER_IDLE_CLOSE_SEC: "8", TRACKER_SWEEP_SEC: "1" });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("closes the track of a device that went silent, with its statistics", async () => {
    const { token } = await newEventToken({ databaseUrl: database.url });
    const t = Math.floor(Date.now() / 1000) - 60;
    // One request (the Traccar SDK's batch form), so that a slow machine cannot let the sweep in between.
    const location = (i: number) => ({
      // 2 s apart: within the 8 s idle delay of this server (device time), so one track.
      timestamp: new Date((t + i * 2) * 1000).toISOString(),
      coords: { latitude: 45 + i * 0.0003, longitude: 6, accuracy: 5, speed: 3, heading: 0, altitude: 500 },
    });
    const res = await fetch(`${server.url}/api/trackers/osmand`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ device_id: token, location: [0, 1, 2].map(location) }),
    });
    expect(res.status).toBe(200);
    const list = async () =>
      (await api<{ tracks: Track[] }>("GET", "/tracks", { token, base: server.url })).body.tracks;
    let track: Track | undefined;
    for (let i = 0; i < 120 && track?.state !== "stopped"; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const all = await list();
      expect(all).toHaveLength(1);
      [track] = all;
    }
    expect(track).toMatchObject({
      state: "stopped",
      points_count: 3,
      end_ts: new Date((t + 4) * 1000).toISOString(),
    });
  });
});
