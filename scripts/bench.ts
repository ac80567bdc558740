/**
 * npm run bench — ingest and read speed of the REST API against the raw database, on both databases.
 * For each of embedded (PGlite) and PostgreSQL: HTTP figures through the real server (scripts/serve.mjs), then the same
 * rows inserted/selected straight through the driver (multi-row INSERT … VALUES, and the set-based unnest
 * statement the server itself uses: the physical limit). The last line is one JSON object, to compare runs.
 *   --batches N   10,000-point batches for the ingest test (default 10)
 *   --runs N      repetitions of the 50,000-point calls (default 3)
 *   --only embedded|postgres
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import { openDatabase } from "~/server/db/client";
import { dbConfigFrom } from "~/server/config";
import { toGpx } from "~/server/domain/formats";
import { computeStats } from "~/server/domain/stats";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: {
    batches: { type: "string" },
    runs: { type: "string" },
    only: { type: "string" },
    port: { type: "string" },
  },
});
const BATCHES = Number(values.batches ?? 10);
const RUNS = Number(values.runs ?? 3);
const BATCH = 10_000;
const SYNC = 50_000;

type Point = {
  latitude: number;
  longitude: number;
  timestamp: string;
  altitude: number;
  accuracy: number;
  speed_mps: number;
};

function makePoints(n: number, startMs: number): Point[] {
  return Array.from({ length: n }, (_, i) => ({
    latitude: 45 + i * 2.7e-5,
    longitude: 6 + Math.sin(i / 300) * 1e-3,
    timestamp: new Date(startMs + i * 1000).toISOString(),
    altitude: 500 + Math.sin(i / 100) * 20,
    accuracy: 4,
    speed_mps: 3,
  }));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

async function call(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Raw SQL of the same rows, outside the app: one transaction, multi-row INSERT … VALUES in 1,000-row chunks. */
async function rawInsert(db: Awaited<ReturnType<typeof openDatabase>>, trackId: string, points: Point[]) {
  await db.transaction(async (tx) => {
    for (let start = 0; start < points.length; start += 1000) {
      const chunk = points.slice(start, start + 1000);
      const params: unknown[] = [];
      const rows = chunk.map((p) => {
        params.push(trackId, p.timestamp, p.latitude, p.longitude, p.altitude, p.accuracy, p.speed_mps);
        const b = params.length - 7;
        return `($${b + 1}::uuid, $${b + 2}::timestamptz, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
      });
      await tx.execute(
        `INSERT INTO points (track_id, ts, lat, lon, altitude, accuracy, speed_mps) VALUES ${rows.join(",")}`,
        params,
      );
    }
  });
}

/**
 * The physical limit (issue 17, item 3): the same rows as one set-based statement per 10,000-point batch,
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`, each in its own transaction as the API's batches are.
 */
async function rawUnnest(db: Awaited<ReturnType<typeof openDatabase>>, trackId: string, points: Point[]) {
  for (let start = 0; start < points.length; start += BATCH) {
    const chunk = points.slice(start, start + BATCH);
    await db.execute(
      `INSERT INTO points (track_id, ts, lat, lon, altitude, accuracy, speed_mps)
       SELECT $1::uuid, to_timestamp(t / 1000.0), lat, lon, alt, acc, spd
       FROM unnest($2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[])
         AS u(t, lat, lon, alt, acc, spd)
       ON CONFLICT DO NOTHING`,
      [
        trackId,
        chunk.map((p) => Date.parse(p.timestamp)),
        chunk.map((p) => p.latitude),
        chunk.map((p) => p.longitude),
        chunk.map((p) => p.altitude ?? null),
        chunk.map((p) => p.accuracy ?? null),
        chunk.map((p) => p.speed_mps ?? null),
      ],
    );
  }
}

async function benchOne(kind: "embedded" | "postgres") {
  const database = await createTestDatabase(kind, "bench");
  const server = await startServer(database.url, {
    RATE_LIMIT_MAX: "0",
    ...(values.port ? { PORT: values.port } : {}),
  });
  const result: Record<string, number> = {};
  try {
    const issued = await executeAdminCommand(
      { op: "token", event: `bench-${randomUUID()}` },
      dbConfigFrom(database.url),
    );
    if (!("token" in issued)) throw new Error("no token");
    const token = issued.token;
    const base = server.url;
    const t0 = Date.parse("2026-03-12T08:00:00Z");

    // Warm-up: first requests compile routes and fill caches.
    const warm = (await call(base, token, "POST", "/tracks", { device_track_id: "warm" })).id as string;
    await call(base, token, "POST", `/tracks/${warm}/points`, { points: makePoints(1000, t0) });
    await call(base, token, "GET", `/tracks/${warm}/points`);

    // 1. POST /tracks/:id/points, 10,000-point batches, one after the other.
    const trackId = (await call(base, token, "POST", "/tracks", { device_track_id: "ingest" })).id as string;
    const batchMs: number[] = [];
    const ingestPoints = makePoints(BATCH * BATCHES, t0);
    for (let b = 0; b < BATCHES; b++) {
      const body = { points: ingestPoints.slice(b * BATCH, (b + 1) * BATCH) };
      batchMs.push((await timed(() => call(base, token, "POST", `/tracks/${trackId}/points`, body)))[1]);
    }
    const totalMs = batchMs.reduce((a, b) => a + b, 0);
    result.ingest_points_per_s = Math.round((BATCH * BATCHES) / (totalMs / 1000));
    result.ingest_p50_ms = round(percentile(batchMs, 50));
    result.ingest_p95_ms = round(percentile(batchMs, 95));

    // 2. POST /sync with 50,000 points; 3. GET /tracks/:id/points?limit=50000.
    const syncMs: number[] = [];
    let syncedId = "";
    for (let r = 0; r < RUNS; r++) {
      const body = { track: { device_track_id: `sync-${r}` }, points: makePoints(SYNC, t0 + r * 1e8) };
      const [reply, ms] = await timed(() => call(base, token, "POST", "/sync", body));
      syncedId = reply.track_id as string;
      syncMs.push(ms);
    }
    result.sync_50k_p50_ms = round(percentile(syncMs, 50));
    const readMs: number[] = [];
    for (let r = 0; r < RUNS + 2; r++) {
      readMs.push((await timed(() => call(base, token, "GET", `/tracks/${syncedId}/points?limit=50000`)))[1]);
    }
    result.read_50k_p50_ms = round(percentile(readMs, 50));
    result.read_50k_p95_ms = round(percentile(readMs, 95));

    // Imports: the largest real fixture (when ../shared is beside the repo) and a synthetic 50,000-point GPX.
    const importFile = async (name: string, bytes: Uint8Array) => {
      const body = { files: [{ name, data_base64: Buffer.from(bytes).toString("base64") }] };
      return (await timed(() => call(base, token, "POST", "/imports", body)))[1];
    };
    const largest = path.resolve("../shared/fixtures/real/runs-gpx-6782987395.gpx");
    if (fs.existsSync(largest))
      result.import_largest_fixture_ms = round(await importFile("fixture.gpx", fs.readFileSync(largest)));
    const synthetic = toGpx({
      name: "synthetic",
      points: makePoints(SYNC, t0 + 9e9).map((p) => ({
        ts: Date.parse(p.timestamp),
        lat: p.latitude,
        lon: p.longitude,
        altitude: p.altitude,
      })),
    });
    result.import_gpx_50k_ms = round(await importFile("synthetic.gpx", new TextEncoder().encode(synthetic)));

    // Raw equivalents on the same database (the embedded folder is free once the server has stopped).
    await server.stop();
    const db = await openDatabase(dbConfigFrom(database.url));
    try {
      const [row] = await db.rows({ event_id: "uuid" }, "SELECT event_id FROM tracks WHERE id = $1", [
        trackId,
      ]);
      const newTrack = async (device: string) => {
        const id = randomUUID();
        await db.execute(
          `INSERT INTO tracks (id, event_id, device_track_id, title, start_ts, created_at, updated_at)
           VALUES ($1, $2, $3, 'raw', now(), now(), now())`,
          [id, row?.event_id, device],
        );
        return id;
      };
      const rawTrack = await newTrack("raw-ingest");
      const [, rawIngestMs] = await timed(() => rawInsert(db, rawTrack, ingestPoints));
      result.raw_insert_points_per_s = Math.round((BATCH * BATCHES) / (rawIngestMs / 1000));
      const setTrack = await newTrack("set-ingest");
      const [, setIngestMs] = await timed(() => rawUnnest(db, setTrack, ingestPoints));
      result.set_insert_points_per_s = Math.round((BATCH * BATCHES) / (setIngestMs / 1000));
      const setSyncMs: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const id = await newTrack(`set-sync-${r}`);
        setSyncMs.push((await timed(() => rawUnnest(db, id, makePoints(SYNC, t0 + r * 1e8))))[1]);
      }
      result.set_insert_50k_p50_ms = round(percentile(setSyncMs, 50));
      const rawSyncMs: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const id = await newTrack(`raw-sync-${r}`);
        rawSyncMs.push((await timed(() => rawInsert(db, id, makePoints(SYNC, t0 + r * 1e8))))[1]);
      }
      result.raw_insert_50k_p50_ms = round(percentile(rawSyncMs, 50));
      const rawReadMs: number[] = [];
      for (let r = 0; r < RUNS + 2; r++) {
        const [rows, ms] = await timed(() =>
          db.rows(
            { ts: "timestamp" },
            "SELECT ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin FROM points WHERE track_id = $1 ORDER BY ts LIMIT 50000",
            [syncedId],
          ),
        );
        if (rows.length !== SYNC) throw new Error(`raw read returned ${rows.length} rows`);
        rawReadMs.push(ms);
      }
      result.raw_select_50k_p50_ms = round(percentile(rawReadMs, 50));
    } finally {
      await db.close();
    }
    result.ingest_ratio = round(result.ingest_points_per_s / (result.raw_insert_points_per_s ?? 1), 2);
    result.sync_vs_raw = round(result.sync_50k_p50_ms / (result.raw_insert_50k_p50_ms ?? 1), 2);
    result.read_vs_raw = round(result.read_50k_p50_ms / (result.raw_select_50k_p50_ms ?? 1), 2);
    result.ingest_vs_set = round(result.ingest_points_per_s / (result.set_insert_points_per_s ?? 1), 2);
    result.sync_vs_set = round(result.sync_50k_p50_ms / (result.set_insert_50k_p50_ms ?? 1), 2);
    return result;
  } finally {
    await server.stop();
    await database.drop();
  }
}

const kinds = (["embedded", "postgres"] as const).filter((k) => !values.only || values.only === k);
const summary: Record<string, number> = {};
for (const kind of kinds) {
  console.error(`\n== ${kind} ==`);
  const r = await benchOne(kind);
  console.error(
    [
      `POST /tracks/:id/points (10,000/batch): ${r.ingest_points_per_s} points/s, p50 ${r.ingest_p50_ms} ms, p95 ${r.ingest_p95_ms} ms`,
      `raw insert (same rows, one transaction): ${r.raw_insert_points_per_s} points/s  → ratio ${r.ingest_ratio} (target ≥ 0.5)`,
      `set-based insert (one unnest statement per 10,000 points): ${r.set_insert_points_per_s} points/s → ratio ${r.ingest_vs_set} (target ≥ 0.7); 50,000 points ${r.set_insert_50k_p50_ms} ms → /sync ×${r.sync_vs_set} (target ≤ 2)`,
      `POST /sync 50,000 points: p50 ${r.sync_50k_p50_ms} ms; raw insert 50,000: ${r.raw_insert_50k_p50_ms} ms → ×${r.sync_vs_raw} (target ≤ 3)`,
      `GET points limit=50000: p50 ${r.read_50k_p50_ms} ms, p95 ${r.read_50k_p95_ms} ms; raw select: ${r.raw_select_50k_p50_ms} ms → ×${r.read_vs_raw} (target ≤ 3)`,
      `POST /imports: largest fixture (4,967-point GPX, 2 MB) ${r.import_largest_fixture_ms ?? "n/a"} ms; synthetic 50,000-point GPX ${r.import_gpx_50k_ms} ms`,
    ].join("\n"),
  );
  for (const [key, value] of Object.entries(r)) summary[`${kind}.${key}`] = value;
}
// The statistics engine alone, in this process: what a finish, a /sync or an import of 50,000 points costs in CPU.
{
  const points = makePoints(SYNC, Date.parse("2026-03-12T08:00:00Z")).map((p) => ({
    ts: Date.parse(p.timestamp),
    lat: p.latitude,
    lon: p.longitude,
    altitude: p.altitude,
    accuracy: p.accuracy,
  }));
  const times: number[] = [];
  for (let k = 0; k < 6; k++)
    times.push((await timed(async () => computeStats(points, { activity: "run" })))[1]);
  summary.compute_stats_50k_ms = round(percentile(times.slice(1), 50));
  console.error(`computeStats on 50,000 points: median ${summary.compute_stats_50k_ms} ms`);
}
console.log(JSON.stringify(summary));
