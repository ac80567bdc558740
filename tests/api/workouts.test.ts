import { describe, expect, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";

/** Issue 15, items 2 and 3: what users of SportTracks and FitTrackee expect of a workout. */

type Track = {
  id: string;
  title: string;
  activity_type: string;
  notes: string | null;
  image_url: string | null;
};

async function newTrack(token: string, body: Record<string, unknown> = {}) {
  const res = await api<{ id: string }>("POST", "/tracks", {
    token,
    body: { device_track_id: uniqueDeviceId(), ...body },
  });
  return res.body.id;
}

const point = (ts: string, lat: number) =>
  `<trkpt lat="${lat}" lon="6.2"><ele>500</ele><time>${ts}</time></trkpt>`;

describe("replace, notes, segments", () => {
  it("PUT replaces the descriptive fields, clearing the optional ones it is not given; PATCH edits notes", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { notes: "first", image_url: "https://example.org/a.jpg" });
    expect((await api<Track>("GET", `/tracks/${id}`, { token })).body).toMatchObject({ notes: "first" });
    const put = await api<Track>("PUT", `/tracks/${id}`, {
      token,
      body: { title: "Renamed", activity_type: "hike" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ title: "Renamed", activity_type: "hike", notes: null, image_url: null });
    const patched = await api<Track>("PATCH", `/tracks/${id}`, {
      token,
      body: { notes: "legs heavy after km 30" },
    });
    expect(patched.body).toMatchObject({ title: "Renamed", notes: "legs heavy after km 30" });
    expect((await api("PUT", `/tracks/${id}`, { token, body: { title: "x" } })).status).toBe(400);
    expect(
      (
        await api("PUT", `/tracks/${id}`, {
          token,
          body: { title: "x", activity_type: "run", notes: "a\u0000" },
        })
      ).status,
    ).toBe(400);
  });

  it("a finished track's statistics follow a new activity type", async () => {
    const { token } = await newEventToken();
    const id = await newTrack(token, { start_ts: "2026-03-12T08:20:00Z" });
    // 1.2 m/s, less the GPS noise allowance: moving for a runner (stopped below 0.4 m/s), not for a cyclist (1 m/s).
    await api("POST", `/tracks/${id}/points`, {
      token,
      body: { points: linePoints(300, { stepSec: 1, stepM: 1.2 }) },
    });
    type Stats = { stats: { moving_time_sec: number | null } };
    const asRun = await api<Stats>("POST", `/tracks/${id}/finish`, { token });
    const asBike = await api<Stats>("PUT", `/tracks/${id}`, {
      token,
      body: { title: "ride", activity_type: "bike" },
    });
    expect(asRun.body.stats.moving_time_sec).toBeGreaterThan(200);
    expect(asBike.body.stats.moving_time_sec ?? 0).toBeLessThan(100);
  });

  it("lists a GPX's segments with their statistics, and serves one segment's chart and GPX", async () => {
    const { token } = await newEventToken();
    const first = Array.from({ length: 30 }, (_, i) =>
      point(new Date(Date.UTC(2026, 2, 12, 8, 0, i * 5)).toISOString(), 45 + i * 1e-4),
    ).join("");
    const second = Array.from({ length: 20 }, (_, i) =>
      point(new Date(Date.UTC(2026, 2, 12, 8, 3, i * 5)).toISOString(), 45.003 + i * 1e-4),
    ).join("");
    const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>two</name><trkseg>${first}</trkseg><trkseg>${second}</trkseg></trk></gpx>`;
    const imported = await api<{ tracks: Array<{ id: string }> }>("POST", "/imports", {
      token,
      body: { files: [{ name: "two.gpx", data_base64: Buffer.from(gpx).toString("base64") }] },
    });
    expect(imported.status, imported.text).toBe(201);
    const id = imported.body.tracks[0]?.id ?? "";
    const res = await api<{
      segments: Array<{ index: number; points_count: number; stats: { distance_meters: number } }>;
    }>("GET", `/tracks/${id}/segments`, { token });
    expect(res.status).toBe(200);
    expect(res.body.segments.map((s) => [s.index, s.points_count])).toEqual([
      [0, 30],
      [1, 20],
    ]);
    expect(res.body.segments[1]?.stats.distance_meters).toBeGreaterThan(150);
    const chart = await api<{ points: unknown[] }>("GET", `/tracks/${id}/chart?segment=1`, { token });
    expect(chart.body.points).toHaveLength(20);
    const one = await api("GET", `/tracks/${id}/gpx?segment=0`, { token });
    expect(one.text.match(/<trkpt /g)).toHaveLength(30);
    expect((await api("GET", `/tracks/${id}/gpx?segment=2`, { token })).status).toBe(404);
    expect((await api("GET", `/tracks/${id}/gpx?segment=-1`, { token })).status).toBe(400);
  });
});
