import { describe, expect, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";

type PointsPage = { track_id: string; count: number; points: Array<Record<string, unknown>> };

async function setup() {
  const { token } = await newEventToken();
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId() },
  });
  return { token, id: res.body.id };
}

describe("POST /tracks/:id/points and GET /tracks/:id/points", () => {
  it("stores a batch (204, empty body) and reads points back sorted by timestamp with every sent field", async () => {
    const { token, id } = await setup();
    const full = {
      latitude: 45.1,
      longitude: 6.2,
      timestamp: "2026-03-12T08:20:10.250Z",
      altitude: 812.5,
      accuracy: 3.2,
      speed_mps: 2.8,
      heading: 271,
      battery: 0.64,
      origin: "background",
    };
    const res = await api("POST", `/tracks/${id}/points`, {
      token,
      body: {
        points: [
          full,
          { latitude: 45.0, longitude: 6.0, timestamp: "2026-03-12T09:20:00+01:00" },
          { latitude: 45.05, longitude: 6.1, timestamp: "2026-03-12T08:20:05Z", origin: "native" },
        ],
      },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    const page = await api<PointsPage>("GET", `/tracks/${id}/points`, { token });
    expect(page.status).toBe(200);
    expect(page.body.track_id).toBe(id);
    expect(page.body.count).toBe(3);
    expect(page.body.points.map((p) => p.timestamp)).toEqual([
      "2026-03-12T08:20:00.000Z",
      "2026-03-12T08:20:05.000Z",
      "2026-03-12T08:20:10.250Z",
    ]);
    expect(page.body.points[0]).toEqual({
      latitude: 45,
      longitude: 6,
      timestamp: "2026-03-12T08:20:00.000Z",
    });
    expect(page.body.points[1]).toMatchObject({ origin: "native" });
    expect(page.body.points[2]).toEqual(full);
  });

  it("never duplicates a retried batch or a point repeated inside a batch", async () => {
    const { token, id } = await setup();
    const batch = linePoints(50);
    for (let i = 0; i < 3; i++)
      expect((await api("POST", `/tracks/${id}/points`, { token, body: { points: batch } })).status).toBe(
        204,
      );
    const overlapping = [...linePoints(60), ...linePoints(5)];
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points: overlapping } })).status).toBe(
      204,
    );
    const page = await api<PointsPage>("GET", `/tracks/${id}/points`, { token });
    expect(page.body.count).toBe(60);
    expect(page.body.points).toHaveLength(60);
    const track = await api<{ points_count: number }>("GET", `/tracks/${id}`, { token });
    expect(track.body.points_count).toBe(60);
  });

  it("pages with limit and offset while count stays the total", async () => {
    const { token, id } = await setup();
    const points = linePoints(25);
    await api("POST", `/tracks/${id}/points`, { token, body: { points: [...points].reverse() } });
    const page = await api<PointsPage>("GET", `/tracks/${id}/points?limit=10&offset=20`, { token });
    expect(page.body.count).toBe(25);
    expect(page.body.points.map((p) => p.timestamp)).toEqual(points.slice(20).map((p) => p.timestamp));
    const first = await api<PointsPage>("GET", `/tracks/${id}/points?limit=1`, { token });
    expect(first.body.points).toHaveLength(1);
    expect(first.body.points[0]?.timestamp).toBe(points[0]?.timestamp);
    const beyond = await api<PointsPage>("GET", `/tracks/${id}/points?offset=100`, { token });
    expect(beyond.body).toMatchObject({ count: 25, points: [] });
    for (const query of ["limit=0", "limit=50001", "offset=-1", "limit=abc"]) {
      const bad = await api("GET", `/tracks/${id}/points?${query}`, { token });
      expect(bad.status, query).toBe(400);
      expect(bad.body).toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("rejects a batch with one invalid point as a whole (nothing stored)", async () => {
    const { token, id } = await setup();
    const points = linePoints(10);
    const invalid = [
      { ...points[3], latitude: 91 },
      { ...points[3], longitude: -181 },
      { ...points[3], timestamp: "12/03/2026" },
      { ...points[3], heading: 361 },
      { ...points[3], battery: 1.5 },
      { ...points[3], origin: "satellite" },
      { latitude: 45, longitude: 6 },
    ];
    for (const bad of invalid) {
      const body = { points: [...points.slice(0, 3), bad, ...points.slice(4)] };
      const res = await api<{ code: string; issues: Array<{ path: unknown[] }> }>(
        "POST",
        `/tracks/${id}/points`,
        { token, body },
      );
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.issues[0]?.path.slice(0, 2)).toEqual(["points", 3]);
    }
    expect((await api("POST", `/tracks/${id}/points`, { token, body: { points: [] } })).status).toBe(400);
    const page = await api<PointsPage>("GET", `/tracks/${id}/points`, { token });
    expect(page.body.count).toBe(0);
  });

  it("takes a 10,000-point batch and refuses 10,001 points with 413 PAYLOAD_TOO_LARGE", async () => {
    const { token, id } = await setup();
    const ok = await api("POST", `/tracks/${id}/points`, { token, body: { points: linePoints(10_000) } });
    expect(ok.status).toBe(204);
    const tooMany = await api("POST", `/tracks/${id}/points`, {
      token,
      body: { points: linePoints(10_001, { start: Date.parse("2026-03-13T00:00:00Z") }) },
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const page = await api<PointsPage>("GET", `/tracks/${id}/points?limit=5`, { token });
    expect(page.body.count).toBe(10_000);
  });

  it("refuses a body over the byte limit with 413 before parsing it", async () => {
    const { token, id } = await setup();
    const huge = `{"points":[${"0".repeat(9 * 1024 * 1024)}]}`;
    const res = await api("POST", `/tracks/${id}/points`, { token, rawBody: huge });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers 404 for an unknown track and 400 for malformed JSON", async () => {
    const { token } = await setup();
    const res = await api("POST", "/tracks/00000000-0000-4000-8000-000000000000/points", {
      token,
      body: { points: linePoints(1) },
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: "NOT_FOUND" });
    const notUuid = await api("GET", "/tracks/not-a-uuid/points", { token });
    expect(notUuid.status).toBe(404);
    const { id } = await setup();
    const malformed = await api("POST", `/tracks/${id}/points`, { token, rawBody: '{"points": [' });
    expect(malformed.status).toBe(400);
  });

  it("shows running totals on GET /tracks/:id while the track is live", async () => {
    const { token, id } = await setup();
    const points = linePoints(301);
    await api("POST", `/tracks/${id}/points`, { token, body: { points: points.slice(0, 150) } });
    await api("POST", `/tracks/${id}/points`, { token, body: { points: points.slice(150) } });
    const track = await api<{ state: string; stats: Record<string, number | null> }>("GET", `/tracks/${id}`, {
      token,
    });
    expect(track.body.state).toBe("running");
    expect(track.body.stats.distance_meters).toBeCloseTo(900, -1);
    expect(track.body.stats.duration_sec).toBe(300);
    expect(track.body.stats.points_count).toBe(301);
  });
});
