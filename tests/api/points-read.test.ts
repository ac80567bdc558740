import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { type TPoint, ZListPointsResponse, ZPointOut } from "~/server/api/schemas/track";
import { api, newEventToken, uniqueDeviceId } from "../support/api";

/**
 * GET /tracks/{id}/points answers JSON that the database writes (db/points-json.ts). What it must equal is
 * computed here from what was posted, by the contract's rules as the previous presenter applied them: the
 * fields that were sent, in this order, a field sent as null left out, the timestamp as toISOString writes it.
 */
/** The fields beyond the three every point has, in the output schema's order (the order they are written). */
const OPTIONAL = Object.keys(ZPointOut.shape).filter(
  (f): f is Exclude<keyof TPoint, "latitude" | "longitude" | "timestamp"> =>
    !["latitude", "longitude", "timestamp"].includes(f),
);

function expectedPoint(p: TPoint): Record<string, unknown> {
  const out: Record<string, unknown> = {
    latitude: p.latitude,
    longitude: p.longitude,
    timestamp: new Date(Date.parse(p.timestamp)).toISOString(),
  };
  for (const field of OPTIONAL) {
    const value = p[field];
    if (value !== null && value !== undefined) out[field] = value;
  }
  return out;
}

const byTime = (points: readonly TPoint[]) =>
  [...points].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp)).map(expectedPoint);

async function trackWith(points: readonly TPoint[]) {
  const { token } = await newEventToken();
  const created = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId() },
  });
  const id = created.body.id;
  for (let i = 0; i < points.length; i += 10_000) {
    const res = await api("POST", `/tracks/${id}/points`, {
      token,
      body: { points: points.slice(i, i + 10_000) },
    });
    expect(res.status).toBe(204);
  }
  return { token, id };
}

/** A page, checked against the output schema (the documented contract) before anything else. */
async function page(token: string, id: string, query = "") {
  const res = await api("GET", `/tracks/${id}/points${query}`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/json");
  const parsed = ZListPointsResponse.strict().safeParse(res.body);
  expect(parsed.error).toBeUndefined();
  return res;
}

const at = (iso: string) => ({ timestamp: iso });

/** Values at the edges of every range, fields absent, null or zero, odd offsets and sub-second times. */
const TRICKY: TPoint[] = [
  { latitude: 90, longitude: 180, ...at("2026-03-12T08:00:00Z") },
  { latitude: -90, longitude: -180, ...at("2026-03-12T08:00:00.001Z"), altitude: -500 },
  {
    latitude: 0,
    longitude: 0,
    ...at("2026-03-12T08:00:00.999Z"),
    altitude: -0.25,
    accuracy: 0,
    speed_mps: 0,
  },
  {
    latitude: 45.123456789012344,
    longitude: -6.987654321098765,
    ...at("2026-03-12T09:00:01.5+01:00"),
    altitude: 9000,
    accuracy: 100_000,
    speed_mps: 100,
    heading: 360,
    battery: 1,
    origin: "foreground",
    heart_rate_bpm: 250,
    cadence_rpm: 250,
    power_w: 3000,
    temperature_c: 70,
  },
  {
    latitude: -33.8688,
    longitude: 151.2093,
    ...at("2026-03-12T18:30:02.123456+10:30"),
    altitude: null,
    accuracy: null,
    speed_mps: null,
    heading: 0,
    battery: 0,
    origin: null,
    heart_rate_bpm: 20,
    cadence_rpm: 0,
    power_w: 0,
    temperature_c: -50,
  },
  { latitude: 1e-7, longitude: -1e-7, ...at("2026-03-12T08:00:03.010Z"), speed_mps: 0.00001, battery: 0.1 },
  {
    latitude: 48.8566,
    longitude: 2.3522,
    ...at("2026-03-12T08:00:04.100Z"),
    origin: "native",
    power_w: 12.5,
  },
  {
    latitude: 12.5,
    longitude: 99.75,
    ...at("2026-03-12T08:00:05Z"),
    origin: "background",
    temperature_c: -0.5,
  },
];

/** Many points, each with a different mix of fields (some null, some absent), posted out of order. */
function mixed(n: number): TPoint[] {
  const start = Date.parse("2026-03-12T10:00:00Z");
  const points = Array.from({ length: n }, (_, i): TPoint => {
    const p: TPoint = {
      latitude: 45 + i * 1.7e-5,
      longitude: 6 - i * 2.3e-5,
      timestamp: new Date(start + i * 1000 + (i % 7) * 37).toISOString(),
    };
    if (i % 2) p.altitude = 400 - i / 3;
    if (i % 3 === 0) p.accuracy = i % 9 === 0 ? null : 3 + (i % 11) / 10;
    if (i % 5) p.speed_mps = (i % 17) / 7;
    if (i % 4 === 1) p.heading = (i * 13) % 360;
    if (i % 6 === 2) p.battery = null;
    if (i % 8 === 3) p.origin = i % 16 === 3 ? "foreground" : "background";
    if (i % 10 === 4) p.heart_rate_bpm = 120 + (i % 50);
    return p;
  });
  return points.reverse();
}

describe("GET /tracks/:id/points: the body the presenter wrote", () => {
  it("answers every field as sent, null ones left out, times in UTC with milliseconds", async () => {
    const { token, id } = await trackWith(TRICKY);
    const res = await page(token, id);
    const expected = { track_id: id, count: TRICKY.length, points: byTime(TRICKY) };
    expect(res.body).toEqual(expected);
    // Field order and number format too, byte for byte, but for float8's exponent form below 1e-4 (1e-07
    // where JavaScript writes 1e-7: the same number to any JSON reader).
    const tiny = (p: Record<string, unknown>) =>
      Object.values(p).some((v) => typeof v === "number" && v !== 0 && Math.abs(v) < 1e-4);
    const plain = (body: typeof expected) => ({ ...body, points: body.points.filter((p) => !tiny(p)) });
    expect(JSON.stringify(plain(JSON.parse(res.text)))).toBe(JSON.stringify(plain(expected)));
  });

  it("pages 2,600 mixed points in time order, and answers [] past the end and for an empty track", async () => {
    const points = mixed(2_600);
    const { token, id } = await trackWith(points);
    const expected = byTime(points);
    const pages = [];
    for (const offset of [0, 1_000, 2_000]) {
      const res = await page(token, id, `?limit=1000&offset=${offset}`);
      expect(res.body).toMatchObject({ track_id: id, count: 2_600 });
      pages.push(...(res.body.points as unknown[]));
    }
    expect(pages).toEqual(expected);
    expect((await page(token, id)).body).toEqual({ track_id: id, count: 2_600, points: expected });
    expect((await page(token, id, "?limit=1&offset=2599")).body.points).toEqual(expected.slice(-1));
    expect((await page(token, id, "?offset=2600")).text).toBe(
      `{"track_id":"${id}","count":2600,"points":[]}`,
    );
    const empty = await trackWith([]);
    expect((await page(empty.token, empty.id)).text).toBe(`{"track_id":"${empty.id}","count":0,"points":[]}`);
  });

  it("answers the same points over the dashboard's tRPC", async () => {
    const { token, id } = await trackWith(TRICKY);
    const input = encodeURIComponent(JSON.stringify({ id, limit: 5, offset: 2 }));
    const res = await fetch(`${inject("baseUrl")}/api/trpc/track.points?input=${input}`, {
      headers: { "X-API-Key": token },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: unknown } };
    expect(body.result.data).toEqual({
      track_id: id,
      count: TRICKY.length,
      points: byTime(TRICKY).slice(2, 7),
    });
  });
});
