/**
 * npm run bench:live — N devices post a batch every 5 s through the REST API while M viewers watch the live
 * stream, for a bounded time, on loopback. Prints ingest rate and latency, delivery latency from each batch's
 * 204 to its arrival at every viewer, points lost, and the server's CPU and memory. Last line: one JSON object.
 *   --devices N (1000)  --viewers M (100)  --seconds S (30)  --db postgres|embedded (postgres)
 *   --points-per-batch P (5: one fix a second)  --instances K (1; PostgreSQL: K app processes on one database)
 *   --protocol osmand|owntracks: after the REST run, the same devices again through that tracker protocol
 *   (bench-live-trackers.ts: one token per device, one fix per request every --fix-every-ms, default 5000:
 *   the REST run's request rate), on the same server and viewers; both figures in the last line.
 */
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { createTestDatabase, startServer } from "../tests/support/server";
import { deviceTokens, type Protocol, trackerRequest } from "./bench-live-trackers";

const { values } = parseArgs({
  options: {
    devices: { type: "string" },
    viewers: { type: "string" },
    seconds: { type: "string" },
    db: { type: "string" },
    "points-per-batch": { type: "string" },
    instances: { type: "string" },
    protocol: { type: "string" },
    "fix-every-ms": { type: "string" },
  },
});
const PROTOCOL: Protocol | null =
  values.protocol === "osmand" || values.protocol === "owntracks" ? values.protocol : null;
if (values.protocol && !PROTOCOL) throw new Error("--protocol is osmand or owntracks");
const FIX_EVERY_MS = Number(values["fix-every-ms"] ?? 5000);
const DEVICES = Number(values.devices ?? 1000);
const VIEWERS = Number(values.viewers ?? 100);
const SECONDS = Number(values.seconds ?? 30);
const PER_BATCH = Number(values["points-per-batch"] ?? 5);
const PERIOD_MS = 5000;
const kind = values.db === "embedded" ? "embedded" : "postgres";
// Several app processes on one database, as behind a load balancer (PostgreSQL only): devices and viewers
// are spread over them round-robin, and the live bus carries changes between them.
const INSTANCES = kind === "postgres" ? Math.max(1, Number(values.instances ?? 1)) : 1;

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

function processTimes(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuSec: ticks / 100, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** CPU seconds of every PostgreSQL process (the server's backends included). */
function postgresCpuSec() {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}

/** Busy share of the whole machine (all cores) since `from`: the server, PostgreSQL and this load generator. */
function machineTimes() {
  const [cpu] = fs.readFileSync("/proc/stat", "utf8").split("\n");
  const values = (cpu ?? "").trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { total: values.reduce((a, b) => a + b, 0), idle };
}

// Devices as phones are: one kept-alive connection each (node:http is much lighter than fetch, and the load
// generator shares this machine's two cores with the server and PostgreSQL).
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
function post(url: string, headers: Record<string, string>, body: string, method = "POST"): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", reject);
    req.end(body);
  });
}

async function main() {
  const database = await createTestDatabase(kind, "live");
  const servers = await Promise.all(
    Array.from({ length: INSTANCES }, () => startServer(database.url, { RATE_LIMIT_MAX: "0" })),
  );
  const pids = servers.map((s) => s.process.pid ?? 0);
  const viewers: Array<{ close: () => void }> = [];
  try {
    const eventName = `live-bench-${Date.now()}`;
    const issued = await executeAdminCommand(
      { op: "token", event: eventName, public: true },
      dbConfigFrom(database.url),
    );
    if (!("token" in issued)) throw new Error("no token");
    const headers = { "X-API-Key": issued.token, "Content-Type": "application/json" };
    const bases = servers.map((s) => `${s.url}/api`);
    const base = bases[0] ?? "";
    const baseFor = (i: number) => bases[i % bases.length] ?? base;

    // Devices start their tracks (8 at a time).
    const tracks: string[] = new Array(DEVICES);
    for (let i = 0; i < DEVICES; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, DEVICES - i) }, async (_, k) => {
          const res = await fetch(`${base}/tracks`, {
            method: "POST",
            headers,
            body: JSON.stringify({ device_track_id: `device-${i + k}` }),
          });
          tracks[i + k] = ((await res.json()) as { id: string }).id;
        }),
      );
    }

    // Warm-up (not measured): one batch per device, so routes are compiled and caches filled, as on a
    // server that has been up for a while.
    const warmStart = Date.now() - 3600_000;
    for (let i = 0; i < DEVICES; i += 16) {
      await Promise.all(
        tracks.slice(i, i + 16).map(async (trackId, k) => {
          await post(
            `${baseFor(i + k)}/tracks/${trackId}/points`,
            headers,
            JSON.stringify({
              points: [
                { latitude: 45 + (i + k) * 1e-3, longitude: 6, timestamp: new Date(warmStart).toISOString() },
              ],
            }),
          );
        }),
      );
    }

    // Viewers live in worker threads (parsing 100 streams must not delay the devices' timers).
    const workerCount = Math.min(2, VIEWERS);
    const workers = Array.from({ length: workerCount }, (_, w) => {
      const count = Math.floor(VIEWERS / workerCount) + (w < VIEWERS % workerCount ? 1 : 0);
      return new Worker(new URL("./bench-live-viewers.mjs", import.meta.url), {
        workerData: { url: `${baseFor(w)}/live/${issued.eventId}/stream`, count },
      });
    });
    viewers.push(...workers.map((w) => ({ close: () => void w.terminate() })));
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once("message", resolve))));

    // Each device posts one request every period, devices spread evenly over it. `send` answers whether it
    // was stored and under which key viewers will see it (track id and first point's time).
    type Sent = { ok: boolean; key: string; points: number };
    async function phase(periodMs: number, send: (d: number, n: number) => Promise<Sent>) {
      const before = pids.map(processTimes);
      const machineBefore = machineTimes();
      const loadBefore = process.cpuUsage();
      const pgBefore = postgresCpuSec();
      const acked = new Map<string, number>();
      const ingestMs: number[] = [];
      let errors = 0;
      let points = 0;
      const started = performance.now();
      const deadline = started + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: DEVICES }, async (_, d) => {
          let next = started + (d / DEVICES) * periodMs;
          for (let n = 0; ; n++, next += periodMs) {
            // The last slot before the deadline is the last request (no idle wait past it: rates and CPU
            // shares are over the measured time).
            if (next >= deadline) return;
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const sent = performance.now();
            const r = await send(d, n).catch(() => ({ ok: false, key: "", points: 0 }));
            const done = performance.now();
            if (!r.ok) {
              errors += 1;
              continue;
            }
            ingestMs.push(done - sent);
            acked.set(r.key, performance.timeOrigin + done);
            points += r.points;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 2000)); // let the last deliveries land
      const after = pids.map(processTimes);
      const machineAfter = machineTimes();
      const load = process.cpuUsage(loadBefore);
      const pgCpu = postgresCpuSec() - pgBefore;
      const busy =
        1 - (machineAfter.idle - machineBefore.idle) / Math.max(1, machineAfter.total - machineBefore.total);
      return {
        acked,
        figures: {
          batches: acked.size,
          errors,
          points_per_s: round(points / elapsed),
          ingest_p50_ms: round(percentile(ingestMs, 50)),
          ingest_p95_ms: round(percentile(ingestMs, 95)),
          ingest_p99_ms: round(percentile(ingestMs, 99)),
          server_cpu_percent: round(
            (after.reduce((a, t, i) => a + t.cpuSec - (before[i]?.cpuSec ?? 0), 0) / elapsed) * 100,
          ),
          server_rss_mb: round(after.reduce((a, t) => a + t.rssMb, 0)),
          server_peak_rss_mb: round(after.reduce((a, t) => a + t.peakMb, 0)),
          machine_cpu_percent: round(busy * 100),
          postgres_cpu_percent: round((pgCpu / elapsed) * 100),
          load_generator_cpu_percent: round(((load.user + load.system) / 1e6 / elapsed) * 100),
        },
      };
    }

    const t0 = Date.now();
    const rest = await phase(PERIOD_MS, async (d, n) => {
      const first = t0 + n * PER_BATCH * 1000;
      const batch = Array.from({ length: PER_BATCH }, (_, k) => ({
        latitude: 45 + d * 1e-3 + (n * PER_BATCH + k) * 2.7e-5,
        longitude: 6,
        timestamp: new Date(first + k * 1000).toISOString(),
        altitude: 500,
      }));
      const trackId = tracks[d] ?? "";
      const status = await post(
        `${baseFor(d)}/tracks/${trackId}/points`,
        headers,
        JSON.stringify({ points: batch }),
      );
      return { ok: status === 204, key: `${trackId}:${first}`, points: PER_BATCH };
    });

    let tracker: Awaited<ReturnType<typeof phase>> | null = null;
    if (PROTOCOL) {
      const protocol = PROTOCOL;
      const tokens = await deviceTokens(dbConfigFrom(database.url), eventName, issued.eventId, DEVICES);
      // Warm-up (not measured): each device's first fix opens its track, on a second of its own so that its
      // track can be told apart: device_track_id ends with the fix's time.
      const t1 = Math.ceil(Date.now() / 1000) * 1000;
      const warm = (d: number) => t1 - (d + 1) * 1000;
      const fix = (d: number, ts: number) => ({
        ts,
        lat: 46 + d * 1e-3 + (ts - t1) * 5.4e-9,
        lon: 6,
        altitude: 500,
      });
      const sendFix = (d: number, ts: number) => {
        const r = trackerRequest(protocol, tokens[d] ?? "", fix(d, ts));
        return post(`${baseFor(d)}${r.path}`, r.headers, r.body, protocol === "osmand" ? "GET" : "POST");
      };
      for (let i = 0; i < DEVICES; i += 16)
        await Promise.all(
          Array.from({ length: Math.min(16, DEVICES - i) }, (_, k) => sendFix(i + k, warm(i + k))),
        );
      const trackOf = new Map<number, string>();
      for (let page = 1; trackOf.size < DEVICES && page <= Math.ceil(DEVICES / 100) + 1; page++) {
        const res = await fetch(`${base}/tracks?per_page=100&page=${page}`, { headers });
        const list = (await res.json()) as { tracks: Array<{ id: string; device_track_id: string }> };
        for (const t of list.tracks) {
          const m = /^tracker-.*-(\d+)$/.exec(t.device_track_id);
          if (m) trackOf.set(Math.round((t1 - Number(m[1])) / 1000) - 1, t.id);
        }
      }
      if (trackOf.size < DEVICES) throw new Error(`only ${trackOf.size} tracker tracks opened`);
      tracker = await phase(FIX_EVERY_MS, async (d, n) => {
        const ts = t1 + n * FIX_EVERY_MS;
        const status = await sendFix(d, ts);
        return { ok: status === 200, key: `${trackOf.get(d)}:${ts}`, points: 1 };
      });
    }

    const arrivals = await Promise.all(
      workers.map(
        (w) =>
          new Promise<Array<Map<string, number>>>((resolve) => {
            w.on("message", (m: { type: string; arrivals?: Array<Array<[string, number]>> }) => {
              if (m.type === "arrivals") resolve((m.arrivals ?? []).map((entries) => new Map(entries)));
            });
            w.postMessage({ type: "stop" });
          }),
      ),
    ).then((lists) => lists.flat());
    const delivered = (acked: Map<string, number>) => {
      const delivery: number[] = [];
      let lost = 0;
      for (const seen of arrivals) {
        for (const [key, ackAt] of acked) {
          const at = seen.get(key);
          if (at === undefined) lost += 1;
          else delivery.push(Math.max(0, at - ackAt));
        }
      }
      return {
        delivery_p50_ms: round(percentile(delivery, 50)),
        delivery_p95_ms: round(percentile(delivery, 95)),
        delivery_p99_ms: round(percentile(delivery, 99)),
        lost,
      };
    };
    const figures = (p: Awaited<ReturnType<typeof phase>>) => ({ ...p.figures, ...delivered(p.acked) });
    const describe = (label: string, f: ReturnType<typeof figures>) =>
      [
        `${label}: ${f.points_per_s} points/s, ${f.batches} requests, ${f.errors} errors; latency p50 ${f.ingest_p50_ms} ms, p95 ${f.ingest_p95_ms} ms, p99 ${f.ingest_p99_ms} ms`,
        `  delivery (answer → viewer): p50 ${f.delivery_p50_ms} ms, p95 ${f.delivery_p95_ms} ms, p99 ${f.delivery_p99_ms} ms; lost ${f.lost} of ${f.batches * VIEWERS}`,
        `  server${INSTANCES > 1 ? "s (sum)" : ""}: ${f.server_cpu_percent} % CPU (of one core), RSS ${f.server_rss_mb} MB (peak ${f.server_peak_rss_mb} MB); machine ${f.machine_cpu_percent} % busy of 2 cores: PostgreSQL ${f.postgres_cpu_percent} %, load generator ${f.load_generator_cpu_percent} %`,
      ].join("\n");
    const restFigures = figures(rest);
    const result = {
      db: kind,
      devices: DEVICES,
      viewers: VIEWERS,
      seconds: SECONDS,
      instances: INSTANCES,
      ...restFigures,
      ...(tracker && PROTOCOL
        ? { protocol: PROTOCOL, fix_every_ms: FIX_EVERY_MS, [PROTOCOL]: figures(tracker) }
        : {}),
    };
    console.error(
      [
        `${DEVICES} devices, ${VIEWERS} viewers, ${SECONDS} s per run on ${kind}, ${INSTANCES} instance(s)`,
        describe(`REST (1 batch of ${PER_BATCH} points / ${PERIOD_MS / 1000} s)`, restFigures),
        ...(tracker && PROTOCOL
          ? [
              describe(
                `${PROTOCOL} (1 fix / ${FIX_EVERY_MS / 1000} s, one token per device)`,
                figures(tracker),
              ),
            ]
          : []),
      ].join("\n"),
    );
    console.log(JSON.stringify(result));
  } finally {
    agent.destroy();
    for (const v of viewers) v.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

await main();
