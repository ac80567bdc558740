import fs from "node:fs";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";

const FIXTURES = path.resolve("../shared/fixtures/real");
const b64 = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64");
const fixture = (name: string) => ({ name, data_base64: b64(fs.readFileSync(path.join(FIXTURES, name))) });

type Imported = {
  tracks: Array<{ id: string; uri: string; file: string; points_count: number; distance_meters: number }>;
};
type PointsPage = {
  count: number;
  points: Array<{ latitude: number; longitude: number; timestamp: string; altitude?: number }>;
};

async function download(url: string, token: string) {
  const res = await fetch(`${inject("baseUrl")}${url}`, { headers: { "X-API-Key": token } });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    disposition: res.headers.get("content-disposition"),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

describe("POST /imports", () => {
  it("imports the real GPX, TCX and FIT files with their points and statistics", async () => {
    const { token } = await newEventToken();
    const files = ["runs-gpx-2067489619.gpx", "runs-tcx-6281425038.tcx", "runs-fit-6782987395.fit"].map(
      fixture,
    );
    const res = await api<Imported>("POST", "/imports", { token, body: { files } });
    expect(res.status).toBe(201);
    expect(res.body.tracks.map((t) => [t.file, t.points_count])).toEqual([
      ["runs-gpx-2067489619.gpx", 502],
      ["runs-tcx-6281425038.tcx", 1545],
      ["runs-fit-6782987395.fit", 4967],
    ]);
    for (const t of res.body.tracks) {
      expect(t.uri).toBe(`/api/tracks/${t.id}`);
      const track = await api<{ state: string; points_count: number; stats: Record<string, number | null> }>(
        "GET",
        `/tracks/${t.id}`,
        { token },
      );
      expect(track.body.state).toBe("stopped");
      expect(track.body.stats.distance_meters).toBeGreaterThan(1000);
    }
  });

  it("gives the same distance (within 1 %) for the same run as GPX and as FIT", async () => {
    const { token } = await newEventToken();
    const res = await api<Imported>("POST", "/imports", {
      token,
      body: {
        files: [fixture("runs-gpx-6782987395.gpx"), fixture("runs-fit-6782987395.fit")],
        keep_duplicates: true,
      },
    });
    const [gpx, fit] = res.body.tracks;
    expect(gpx && fit).toBeTruthy();
    expect(
      Math.abs((gpx?.distance_meters ?? 0) - (fit?.distance_meters ?? 1)) / (fit?.distance_meters ?? 1),
    ).toBeLessThan(0.01);
  });

  it("refuses the same activity imported twice (FIT after GPX) with a 409 naming the track, unless asked to keep both", async () => {
    const { token } = await newEventToken();
    const first = await api<Imported>("POST", "/imports", {
      token,
      body: { files: [fixture("runs-gpx-6782987395.gpx")] },
    });
    expect(first.status).toBe(201);
    const again = await api<{ code: string; message: string; track_id: string }>("POST", "/imports", {
      token,
      body: { files: [fixture("runs-fit-6782987395.fit")] },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "CONFLICT", track_id: first.body.tracks[0]?.id });
    expect(again.body.message).toContain("runs-fit-6782987395.fit");
    // Another participant's run at the same time is not a duplicate.
    const other = await api("POST", "/imports", {
      token,
      body: { files: [fixture("runs-fit-6782987395.fit")], user_id: "someone-else" },
    });
    expect(other.status).toBe(201);
    // The same activity in another file (not the same bytes: those are a re-import) is kept when asked.
    const copy = Buffer.concat([
      fs.readFileSync(path.join(FIXTURES, "runs-gpx-6782987395.gpx")),
      Buffer.from("\n"),
    ]);
    const file = { name: "copy.gpx", data_base64: b64(copy) };
    expect((await api("POST", "/imports", { token, body: { files: [file] } })).status).toBe(409);
    const kept = await api("POST", "/imports", { token, body: { files: [file], keep_duplicates: true } });
    expect(kept.status).toBe(201);
    expect((await api<{ total: number }>("GET", "/tracks", { token })).body.total).toBe(3);
  });

  it("keeps heart rate, cadence and power, and prefers the device's own totals", async () => {
    const { token } = await newEventToken();
    const res = await api<Imported>("POST", "/imports", {
      token,
      body: { files: [fixture("runs-fit-2067489619.fit")] },
    });
    expect(res.status).toBe(201);
    const id = res.body.tracks[0]?.id ?? "";
    const track = await api<{ stats: Record<string, number | null> }>("GET", `/tracks/${id}`, { token });
    // The FIT session's own distance and climb (4,489.39 m, 33 m).
    expect(track.body.stats.distance_meters).toBeCloseTo(4489.39, 1);
    expect(track.body.stats.elevation_gain_m).toBe(33);
    expect(track.body.stats.avg_heart_rate_bpm).toBeGreaterThan(60);
    expect(track.body.stats.max_heart_rate_bpm).toBeLessThanOrEqual(250);
    expect(track.body.stats.avg_cadence_rpm).toBeGreaterThan(0);
    const page = await api<{ points: Array<Record<string, number>> }>("GET", `/tracks/${id}/points?limit=5`, {
      token,
    });
    expect(page.body.points[0]).toHaveProperty("heart_rate_bpm");
    expect(page.body.points[0]).toHaveProperty("cadence_rpm");
  });

  it("imports a recording without GPS as a track without points, with the device's totals and what was repaired", async () => {
    const { token } = await newEventToken();
    const broken = path.resolve("../shared/fixtures/broken");
    const res = await api<Imported & { tracks: Array<{ repairs: string[] }> }>("POST", "/imports", {
      token,
      body: {
        files: [
          {
            name: "broken-dates.fit",
            data_base64: b64(fs.readFileSync(path.join(broken, "broken-dates.fit"))),
          },
        ],
      },
    });
    expect(res.status, res.text).toBe(201);
    const [imported] = res.body.tracks;
    expect(imported?.points_count).toBe(0);
    expect(imported?.repairs.length).toBeGreaterThan(0);
    const track = await api<{ start_ts: string; stats: Record<string, number | null> }>(
      "GET",
      `/tracks/${imported?.id}`,
      { token },
    );
    expect(track.body.stats.distance_meters).toBeCloseTo(3599.62, 1);
    expect(Date.parse(track.body.start_ts)).toBeLessThan(Date.parse("2025-01-01"));
  });

  it("accepts multipart uploads and zip archives of several files", async () => {
    const { token } = await newEventToken();
    const zip = zipSync({
      "a.gpx": new Uint8Array(fs.readFileSync(path.join(FIXTURES, "sample-gpx-garmin.gpx"))),
      "b.fit": new Uint8Array(fs.readFileSync(path.join(FIXTURES, "runs-fit-2067489619.fit"))),
    });
    const form = new FormData();
    form.append("file", new Blob([zip]), "two.zip");
    form.append("activity_type", "hike");
    const res = await fetch(`${inject("baseUrl")}/api/imports`, {
      method: "POST",
      headers: { "X-API-Key": token },
      body: form,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Imported;
    expect(body.tracks.map((t) => t.points_count).sort()).toEqual([217, 502]);
    const track = await api<{ activity_type: string }>("GET", `/tracks/${body.tracks[0]?.id}`, { token });
    expect(track.body.activity_type).toBe("hike");
  });

  it("refuses broken files with a clear per-file error and imports nothing", async () => {
    const { token } = await newEventToken();
    const gpx = fs.readFileSync(path.join(FIXTURES, "runs-gpx-2067489619.gpx"));
    const fit = Buffer.from(fs.readFileSync(path.join(FIXTURES, "runs-fit-2067489619.fit")));
    fit[200] = (fit[200] ?? 0) ^ 0xff;
    const cases: Array<[string, Buffer, RegExp]> = [
      ["truncated.gpx", gpx.subarray(0, gpx.length / 2), /truncated/i],
      ["bad-crc.fit", fit, /crc/i],
      [
        "empty.gpx",
        Buffer.from(
          '<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"></gpx>',
        ),
        /no track|no point|empty/i,
      ],
      [
        "zero.gpx",
        Buffer.from(
          '<gpx version="1.1" creator="x" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg></trkseg></trk></gpx>',
        ),
        /no track points|no point/i,
      ],
      ["random.bin", Buffer.from("definitely not an activity file"), /.+/],
    ];
    for (const [name, bytes, pattern] of cases) {
      const res = await api<{ code: string; message: string; issues: Array<{ file: string }> }>(
        "POST",
        "/imports",
        {
          token,
          body: { files: [fixture("sample-gpx-garmin.gpx"), { name, data_base64: b64(bytes) }] },
        },
      );
      expect(res.status, name).toBe(400);
      expect(res.body.code).toBe("BAD_REQUEST");
      expect(res.body.message).toMatch(pattern);
      expect(res.body.message).toContain(name);
      expect(res.body.issues.map((i) => i.file)).toEqual([name]);
    }
    const list = await api<{ total: number }>("GET", "/tracks", { token });
    expect(list.body.total).toBe(0);
  });

  it("refuses an upload over the size limit with 413 and a second import of the same file with 409", async () => {
    const { token } = await newEventToken();
    const huge = Buffer.alloc(100 * 1024 * 1024, 65);
    const res = await fetch(`${inject("baseUrl")}/api/imports`, {
      method: "POST",
      headers: { "X-API-Key": token, "Content-Type": "application/octet-stream" },
      body: huge,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const files = [fixture("sample-gpx-garmin.gpx")];
    expect((await api("POST", "/imports", { token, body: { files } })).status).toBe(201);
    const again = await api("POST", "/imports", { token, body: { files } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: "CONFLICT" });
  });

  it("needs the write scope", async () => {
    const { token } = await newEventToken({ scopes: ["tracks:read"] });
    const res = await api("POST", "/imports", { token, body: { files: [fixture("sample-gpx-garmin.gpx")] } });
    expect(res.status).toBe(403);
  });
});

describe("exports", () => {
  it("round-trips GPX: import → export → import gives the same points", async () => {
    const { token } = await newEventToken();
    const first = await api<Imported>("POST", "/imports", {
      token,
      body: { files: [fixture("runs-gpx-2067489619.gpx")] },
    });
    const id = first.body.tracks[0]?.id ?? "";
    const gpx = await download(`/api/tracks/${id}/gpx`, token);
    expect(gpx.status).toBe(200);
    expect(gpx.type).toBe("application/gpx+xml");
    expect(gpx.disposition).toMatch(/attachment; filename=".+\.gpx"/);
    const text = new TextDecoder().decode(gpx.bytes);
    expect(text).toContain('version="1.1"');
    expect(text.match(/<trkpt /g)).toHaveLength(502);
    const other = await newEventToken();
    const second = await api<Imported>("POST", "/imports", {
      token: other.token,
      body: { files: [{ name: "again.gpx", data_base64: b64(gpx.bytes) }] },
    });
    expect(second.status).toBe(201);
    const a = await api<PointsPage>("GET", `/tracks/${id}/points`, { token });
    const b = await api<PointsPage>("GET", `/tracks/${second.body.tracks[0]?.id}/points`, {
      token: other.token,
    });
    expect(b.body.count).toBe(a.body.count);
    expect(b.body.points).toEqual(a.body.points);
  });

  it("exports GeoJSON, CSV and the whole event as a zip; other events' tracks stay hidden", async () => {
    const { token } = await newEventToken();
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: uniqueDeviceId(), title: "Côte d'Azur" },
    });
    const id = created.body.id;
    await api("POST", `/tracks/${id}/points`, { token, body: { points: linePoints(20) } });
    const geo = await download(`/api/tracks/${id}/geojson`, token);
    expect(geo.type).toBe("application/geo+json");
    const feature = JSON.parse(new TextDecoder().decode(geo.bytes));
    expect(feature.type).toBe("Feature");
    expect(feature.geometry.coordinates).toHaveLength(20);
    expect(feature.geometry.coordinates[0]).toEqual([6, 45, 500]);
    const csv = new TextDecoder()
      .decode((await download(`/api/tracks/${id}/csv`, token)).bytes)
      .trim()
      .split("\n");
    expect(csv[0]).toBe(
      "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin,heart_rate_bpm,cadence_rpm,power_w,temperature_c",
    );
    expect(csv).toHaveLength(21);
    const zip = await download("/api/exports/tracks.zip", token);
    expect(zip.type).toBe("application/zip");
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries)).toEqual([expect.stringMatching(/^Cote-d-Azur-.+\.gpx$/)]);
    const other = await newEventToken();
    expect((await download(`/api/tracks/${id}/gpx`, other.token)).status).toBe(404);
    expect((await download(`/api/tracks/${id}/gpx`, "rfy_wrong")).status).toBe(401);
    expect(strToU8("x")).toBeTruthy();
  });
});
