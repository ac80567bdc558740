import { describe, expect, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";

type Track = {
  id: string;
  state: string;
  end_ts: string;
  points_count: number;
  title: string;
  stats: Record<string, number | null>;
};

describe("POST /sync", () => {
  it("creates a finished track with 50,000 points and computed statistics", async () => {
    const { token } = await newEventToken();
    const points = linePoints(50_000, { stepSec: 1, stepM: 2.5 });
    const res = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: { track: { device_track_id: uniqueDeviceId(), start_ts: points[0]?.timestamp }, points },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ track_id: expect.any(String) });
    const track = await api<Track>("GET", `/tracks/${res.body.track_id}`, { token });
    expect(track.body).toMatchObject({
      state: "stopped",
      points_count: 50_000,
      end_ts: points[49_999]?.timestamp,
    });
    expect(track.body.stats.distance_meters).toBeCloseTo(124_997.5, -2);
    expect(track.body.stats.duration_sec).toBe(49_999);
    const all = await api<{ count: number; points: unknown[] }>(
      "GET",
      `/tracks/${res.body.track_id}/points?limit=50000`,
      { token },
    );
    expect(all.body.count).toBe(50_000);
    expect(all.body.points).toHaveLength(50_000);
  });

  it("stores a timestamp sent twice once (the first), and computes the statistics from what it stored", async () => {
    const { token } = await newEventToken();
    const points = linePoints(60, { stepM: 3 });
    // The repeat is 5 km away: counted, it would add 10 km to the distance.
    const repeat = { ...(points[30] as (typeof points)[number]), latitude: 45.05 };
    const sync = async (list: typeof points) => {
      const res = await api<{ track_id: string }>("POST", "/sync", {
        token,
        body: { track: { device_track_id: uniqueDeviceId() }, points: list },
      });
      expect(res.status).toBe(201);
      return (await api<Track>("GET", `/tracks/${res.body.track_id}`, { token })).body;
    };
    const [withRepeat, without] = [
      await sync([...points.slice(0, 31), repeat, ...points.slice(31)]),
      await sync(points),
    ];
    expect(withRepeat.points_count).toBe(60);
    expect(withRepeat.stats).toEqual(without.stats);
    const stored = await api<{ points: Array<{ latitude: number }> }>(
      "GET",
      `/tracks/${withRepeat.id}/points`,
      {
        token,
      },
    );
    expect(stored.body.points[30]?.latitude).toBe(points[30]?.latitude);
  });

  it("keeps the statistics the app sent and computes only the missing ones", async () => {
    const { token } = await newEventToken();
    const points = linePoints(101);
    const res = await api<{ track_id: string }>("POST", "/sync", {
      token,
      body: {
        track: { device_track_id: uniqueDeviceId(), title: "Footing", end_ts: "2026-03-12T08:30:00.000Z" },
        points,
        stats: { distance_meters: 321.5, elevation_gain_m: 12 },
      },
    });
    expect(res.status).toBe(201);
    const track = await api<Track>("GET", `/tracks/${res.body.track_id}`, { token });
    expect(track.body.title).toBe("Footing");
    expect(track.body.end_ts).toBe("2026-03-12T08:30:00.000Z");
    expect(track.body.stats.distance_meters).toBe(321.5);
    expect(track.body.stats.elevation_gain_m).toBe(12);
    expect(track.body.stats.duration_sec).toBe(100);
    expect(track.body.stats.max_altitude_m).toBe(500);
  });

  it("answers 409 when the device_track_id is reused, and stores nothing", async () => {
    const { token } = await newEventToken();
    const device = uniqueDeviceId();
    const first = await api<{ id: string }>("POST", "/tracks", { token, body: { device_track_id: device } });
    const res = await api("POST", "/sync", {
      token,
      body: { track: { device_track_id: device }, points: linePoints(5) },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "CONFLICT" });
    const track = await api<Track>("GET", `/tracks/${first.body.id}`, { token });
    expect(track.body.points_count).toBe(0);
  });

  it("refuses more than 50,000 points with 413 and invalid data with 400", async () => {
    const { token } = await newEventToken();
    const tooMany = await api("POST", "/sync", {
      token,
      body: { track: { device_track_id: uniqueDeviceId() }, points: linePoints(50_001) },
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const bad = await api("POST", "/sync", { token, body: { track: {}, points: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_REQUEST" });
  });
});
