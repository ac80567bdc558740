/**
 * npm run bench:trails — what the live trails cost and how true the replay is with them (docs/live.md,
 * "Trails"). 1,000 runners built from a real 14 km recording (runs-gpx-6782987395.gpx), each at its own pace
 * with a stop at the aid station and the recording's own GPS jitter, one fix a second, simplified as the live
 * snapshot does (shape only, then shape + time-synchronised error at several tolerances). Prints, per variant:
 * points and JSON bytes of the trails (the bulk of a snapshot), simplification time, and how far the replay
 * (positionAt on the simplified trail) puts a runner from their real fix (p50 / p99 / max). Last line: JSON.
 *   --runners N (1000)
 *   --http N: instead, N of these runners posted to a real server (PostgreSQL) and the bytes of GET /api/live/{event}
 *   (the snapshot the replay loads) with the server's own simplification; run on two builds to compare them.
 *   --port P (with --http; default: a free port)
 */
import { parseArgs } from "node:util";
import { positionAt } from "~/lib/live/replay";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { runnerFrom, readRoute } from "~/server/domain/race/test-tracks";
import { simplifyIndexes } from "~/server/domain/simplify";
import { haversineMeters } from "~/server/domain/stats/geo";
import { LIVE_TRAIL_TOLERANCE as TRAIL_TOLERANCE } from "~/server/domain/live/trail";
import { wirePoint } from "~/server/live/messages";
import type { WirePoint } from "~/server/live/wire";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: { runners: { type: "string" }, http: { type: "string" }, port: { type: "string" } },
});
const HTTP = values.http ? Number(values.http) : null;
const RUNNERS = HTTP ?? Number(values.runners ?? 1000);
// Over HTTP the fixes must be recent (device times far in the past are refused): the race ran 3 h ago.
const START = HTTP ? Date.now() - 3 * 3600_000 : Date.parse("2026-06-14T07:00:00Z");

const route = readRoute("runs-gpx-6782987395.gpx");
const tracks = Array.from({ length: RUNNERS }, (_, i) =>
  runnerFrom(route, {
    startMs: START + (i % 60) * 1000,
    // 0.8×–1.6× the recording's pace, and a stop of 30 s to 4 min around the middle (aid station).
    slowdown: 0.8 + ((i * 37) % 100) / 125,
    pause: { at: 0.45 + ((i * 13) % 10) / 100, sec: 30 + ((i * 53) % 211) },
    courseLengthM: 14_000,
    seed: i + 1,
  })
    .map((f) => ({ ts: f.ts, lat: f.lat, lon: f.lon, altitude: null }))
    // Not in the future (the server would refuse those fixes).
    .filter((f) => !HTTP || f.ts < Date.now() - 60_000),
);

const percentile = (xs: Float64Array, p: number) =>
  xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function measure(name: string, timeM: number | null) {
  const started = performance.now();
  const trails: WirePoint[][] = tracks.map((points) =>
    simplifyIndexes(
      points,
      TRAIL_TOLERANCE.shapeM,
      timeM ? { time: { toleranceMeters: timeM } } : {},
    ).flatMap((i) => {
      const p = points[i];
      return p ? [wirePoint(p)] : [];
    }),
  );
  const ms = performance.now() - started;
  const errors: number[] = [];
  trails.forEach((trail, r) => {
    for (const fix of tracks[r] ?? []) {
      const at = positionAt(trail, fix.ts);
      if (at) errors.push(haversineMeters(at.lat, at.lon, fix.lat, fix.lon));
    }
  });
  const sorted = Float64Array.from(errors).sort();
  return {
    variant: name,
    points: trails.reduce((n, t) => n + t.length, 0),
    bytes: Buffer.byteLength(JSON.stringify(trails)),
    simplify_ms: round(ms, 0),
    replay_error_m: {
      p50: round(percentile(sorted, 0.5)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted[sorted.length - 1] ?? 0),
    },
  };
}

/** Posts every runner's fixes (10,000 a request, the contract's limit) and reads the snapshot. */
async function snapshotOverHttp() {
  const database = await createTestDatabase("postgres", "trails");
  const server = await startServer(database.url, {
    RATE_LIMIT_MAX: "0",
    ...(values.port ? { PORT: values.port } : {}),
  });
  try {
    const issued = await executeAdminCommand(
      { op: "token", event: `trails-${Date.now()}`, public: true },
      dbConfigFrom(database.url),
    );
    if (!("token" in issued)) throw new Error("no token");
    const headers = { "X-API-Key": issued.token, "Content-Type": "application/json" };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/api${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : ((await res.json()) as { id: string });
    };
    for (const [i, points] of tracks.entries()) {
      const track = await post("/tracks", { device_track_id: `runner-${i}` });
      for (let k = 0; k < points.length; k += 10_000) {
        const batch = points.slice(k, k + 10_000);
        await post(`/tracks/${track?.id}/points`, {
          points: batch.map((p) => ({
            latitude: p.lat,
            longitude: p.lon,
            timestamp: new Date(p.ts).toISOString(),
          })),
        });
      }
    }
    const text = await (await fetch(`${server.url}/api/live/${issued.eventId}`)).text();
    const snapshot = JSON.parse(text) as { tracks: Array<{ trail: unknown[] }> };
    const trailPoints = snapshot.tracks.reduce((n, t) => n + t.trail.length, 0);
    return { runners: RUNNERS, snapshot_bytes: Buffer.byteLength(text), trail_points: trailPoints };
  } finally {
    await server.stop();
    await database.drop();
  }
}

const fixes = tracks.reduce((n, t) => n + t.length, 0);
if (HTTP) {
  console.log(JSON.stringify({ fixes, ...(await snapshotOverHttp()) }));
  process.exit(0);
}
const results = [
  measure("shape 2 m", null),
  ...[2, 5, 10].map((m) =>
    measure(`shape 2 m + time ${m} m${m === TRAIL_TOLERANCE.timeM ? " (live)" : ""}`, m),
  ),
];
const base = results[0];
console.log(`${RUNNERS} runners, ${fixes} fixes`);
for (const r of results) {
  const ratio = base ? round(r.bytes / base.bytes, 2) : 1;
  console.log(
    `${r.variant.padEnd(28)} ${String(r.points).padStart(8)} points ${(r.bytes / 1e6).toFixed(2).padStart(6)} MB (×${ratio})  ${r.simplify_ms} ms  replay error p50 ${r.replay_error_m.p50} m, p99 ${r.replay_error_m.p99} m, max ${r.replay_error_m.max} m`,
  );
}
console.log(JSON.stringify({ runners: RUNNERS, fixes, results }));
