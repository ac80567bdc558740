// Over 300 lines: one benchmark, its set-up, load generation, measurement and report in one readable script.
/**
 * npm run bench:live — N devices post a batch every 5 s through the REST API while M viewers watch the live
 * stream, for a bounded time, on loopback. Prints ingest rate and latency, delivery latency from each batch's
 * 204 to its arrival at every viewer, points lost, and the server's CPU and memory; per batch delivered to one
 * viewer, bytes on the wire and µs of server CPU (the measured run only). A batch is delivered in a `points`
 * message or, for spectators (these viewers), as an entry of a `moves` frame: each entry counts, each with its
 * own latency. Last line: one JSON object.
 *   --devices N (1000)  --viewers M (100)  --seconds S (30)  --db postgres|embedded (postgres)
 *   --points-per-batch P (5: one fix a second)  --instances K (1; PostgreSQL: K app processes on one database)
 *   --port P (the servers on P, P+1…; default: free ports)
 *   --spectator-flush-ms F (the servers' LIVE_SPECTATOR_FLUSH_MS; default theirs, 500): the viewers are spectators
 *   of a public event, so their frames are gathered every F ms; 0 delivers in real time, as organisers get them
 *   --redis URL (the servers' REDIS_URL: the live bus between instances on Redis pub/sub, as the multi-instance
 *   deployment runs it; without it, PostgreSQL LISTEN/NOTIFY)
 *   --protocol osmand|owntracks: after the REST run, the same devices again through that tracker protocol
 *   (bench-live-trackers.ts: one token per device, one fix per request every --fix-every-ms, default 5000:
 *   the REST run's request rate), on the same servers, with fresh viewers; both figures in the last line.
 * Over 300 lines: one benchmark's set-up, runs and report read best in one place.
 */
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { fork } from "node:child_process";
import pg from "pg";
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
    "viewer-procs": { type: "string" },
    instances: { type: "string" },
    port: { type: "string" },
    protocol: { type: "string" },
    "fix-every-ms": { type: "string" },
    "spectator-flush-ms": { type: "string" },
    redis: { type: "string" },
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

/**
 * CPU seconds of each PostgreSQL backend serving `database`, by pid. Only this bench's own backends: the
 * cluster may serve other work on this machine. Backends that exit during a run are lost (an undercount),
 * hence a delta per pid rather than a difference of sums (which went negative).
 */
function postgresCpuByPid(database: string) {
  const ticks = new Map<string, number>();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!stat.includes("(postgres)")) continue;
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}
const postgresCpuSince = (before: Map<string, number>, database: string) => {
  let ticks = 0;
  for (const [pid, t] of postgresCpuByPid(database)) ticks += t - (before.get(pid) ?? 0);
  return ticks / 100;
};

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

/**
 * Samples what this bench's PostgreSQL backends wait on, every 100 ms: the live log's per-event sequence is
 * one row lock (`UPDATE events SET live_seq …`, held to COMMIT), and a statement waiting for it shows as
 * Lock/transactionid or Lock/tuple. `stop` gives the mean number of backends in each state per sample.
 */
async function sampleWaits(url: string, database: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ w: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w FROM pg_stat_activity
          WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples += 1;
      for (const { w } of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await client.end();
    const mean = [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([w, n]) => [w, Math.round((n / samples) * 100) / 100]);
    return Object.fromEntries(mean) as Record<string, number>;
  };
}

interface ViewerReport {
  type: "result";
  bins: Array<[number, number]>;
  matched: number;
  frames: number;
  bytes: number;
  failed: number;
  cpu: NodeJS.CpuUsage;
}

async function main() {
  const database = await createTestDatabase(kind, "live");
  const servers = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) =>
      startServer(database.url, {
        RATE_LIMIT_MAX: "0",
        ...(values["spectator-flush-ms"] ? { LIVE_SPECTATOR_FLUSH_MS: values["spectator-flush-ms"] } : {}),
        ...(values.redis ? { REDIS_URL: values.redis } : {}),
        ...(values.port ? { PORT: String(Number(values.port) + i) } : {}),
      }),
    ),
  );
  const pids = servers.map((s) => s.process.pid ?? 0);
  const dbName = kind === "postgres" ? new URL(database.url).pathname.slice(1) : "";
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

    /**
     * One measured run: fresh viewers, then every device sends one request every `periodMs` (`send` says
     * whether it was stored and under which key viewers see it: track id and first point's time).
     */
    type Sent = { ok: boolean; key: string; points: number };
    // The last measured run's viewers: how long until all had their snapshot, and the reconnects it took.
    let viewersReadyMs = 0;
    let viewersRetried: Record<string, number> = {};
    const eventId = issued.eventId;
    async function measure(label: string, periodMs: number, send: (d: number, n: number) => Promise<Sent>) {
      // Viewers live in child processes on raw sockets (bench-live-viewers.mjs), VIEWERS_PER_PROCESS each at
      // most: parsing thousands of streams must not delay the devices' timers, nor share their heap.
      // At least one per instance: process w watches instance w (mod the instances).
      const procs = Math.max(
        1,
        Math.min(VIEWERS, Number(values["viewer-procs"] ?? Math.max(INSTANCES, Math.ceil(VIEWERS / 2500)))),
      );
      const children = Array.from({ length: procs }, (_, w) => {
        const count = Math.floor(VIEWERS / procs) + (w < VIEWERS % procs ? 1 : 0);
        const url = new URL(`${baseFor(w)}/live/${eventId}/stream`);
        const child = fork(new URL("./bench-live-viewers.mjs", import.meta.url), [], {
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        child.send({ type: "start", host: url.hostname, port: Number(url.port), path: url.pathname, count });
        return child;
      });
      viewers.push(...children.map((c) => ({ close: () => void c.kill() })));
      const connecting = Date.now();
      const readiness = await Promise.all(
        children.map(
          (c) =>
            new Promise<{ failed: number; retried: Record<string, number> }>((resolve, reject) => {
              c.once("message", (m: { failed: number; retried: Record<string, number> }) => resolve(m));
              c.once("exit", (code) => reject(new Error(`a viewer process exited (code ${code})`)));
            }),
        ),
      );
      const refused = readiness.reduce((a, r) => a + r.failed, 0);
      if (refused > 0) throw new Error(`${refused} viewers were refused their stream`);
      const retried: Record<string, number> = {};
      for (const r of readiness)
        for (const [why, n] of Object.entries(r.retried)) retried[why] = (retried[why] ?? 0) + n;
      viewersReadyMs = Date.now() - connecting;
      viewersRetried = retried;
      console.error(
        `[bench:live] ${label}: ${VIEWERS} viewers have their snapshot after ${viewersReadyMs} ms (reconnects: ${JSON.stringify(retried)})`,
      );
      // The 204s, told to the viewer processes every 100 ms (they measure each arrival against its 204).
      let unsent: Array<[string, number]> = [];
      const tell = () => {
        if (unsent.length === 0) return;
        for (const c of children) c.send({ type: "acks", list: unsent });
        unsent = [];
      };
      const teller = setInterval(tell, 100);

      // Each device sends one request every period, devices spread evenly over it. Bytes and CPU are counted
      // from here: the snapshots and the warm-up are not the measured run's.
      for (const c of children) c.send({ type: "measure" });
      const before = pids.map(processTimes);
      const machineBefore = machineTimes();
      const loadBefore = process.cpuUsage();
      const pgBefore = postgresCpuByPid(dbName);
      const stopWaits = kind === "postgres" ? await sampleWaits(database.url, dbName) : null;
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
            // The last slot before the deadline is the last request (no idle wait past it: rates and CPU shares
            // are over the measured time).
            if (next >= deadline) return;
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const sent = performance.now();
            const r = await send(d, n).catch(() => ({ ok: false, key: "", points: 0 }));
            const done = performance.now();
            if (r.ok) {
              ingestMs.push(done - sent);
              acked.set(r.key, performance.timeOrigin + done);
              unsent.push([r.key, performance.timeOrigin + done]);
              points += r.points;
            } else errors += 1;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 2000)); // let the last deliveries land
      const after = pids.map(processTimes);
      const machineAfter = machineTimes();
      const load = process.cpuUsage(loadBefore);
      const pgCpu = postgresCpuSince(pgBefore, dbName);
      const waits = stopWaits ? await stopWaits() : {};
      const busy =
        1 - (machineAfter.idle - machineBefore.idle) / Math.max(1, machineAfter.total - machineBefore.total);

      clearInterval(teller);
      tell();
      await new Promise((r) => setTimeout(r, 200));
      const reports = await Promise.all(
        children.map(
          (c) =>
            new Promise<ViewerReport>((resolve) => {
              c.on("message", (m: ViewerReport) => {
                if (m.type === "result") resolve(m);
              });
              c.send({ type: "stop" });
            }),
        ),
      );
      const bins = new Float64Array(60_001);
      let matched = 0;
      let viewerCpuSec = 0;
      let viewerBytes = 0;
      for (const r of reports) {
        matched += r.matched;
        viewerBytes += r.bytes;
        viewerCpuSec += (r.cpu.user + r.cpu.system) / 1e6;
        for (const [ms, n] of r.bins) bins[ms] = (bins[ms] ?? 0) + n;
      }
      const lost = Math.max(0, acked.size * VIEWERS - matched);
      const delivered = (p: number) => {
        let seen = 0;
        const rank = Math.ceil((p / 100) * matched);
        for (let ms = 0; ms < bins.length; ms++) {
          seen += bins[ms] ?? 0;
          if (seen >= rank) return ms;
        }
        return Number.NaN;
      };
      const serverCpuSec = after.reduce((a, t, i) => a + t.cpuSec - (before[i]?.cpuSec ?? 0), 0);
      const result = {
        batches: acked.size,
        errors,
        points_per_s: round(points / elapsed),
        ingest_p50_ms: round(percentile(ingestMs, 50)),
        ingest_p95_ms: round(percentile(ingestMs, 95)),
        ingest_p99_ms: round(percentile(ingestMs, 99)),
        delivery_p50_ms: delivered(50),
        delivery_p95_ms: delivered(95),
        delivery_p99_ms: delivered(99),
        delivered: matched,
        viewer_processes: procs,
        lost,
        server_cpu_percent: round((serverCpuSec / elapsed) * 100),
        // What the servers spent (all of it: ingest included) per batch delivered to one viewer.
        server_us_per_delivered_frame: round((serverCpuSec * 1e6) / Math.max(1, matched)),
        // What a viewer receives per batch on the wire (frames, ids and heartbeats included): bandwidth sizing.
        bytes_per_delivered_frame: round(viewerBytes / Math.max(1, matched)),
        server_rss_mb: round(after.reduce((a, t) => a + t.rssMb, 0)),
        server_peak_rss_mb: round(after.reduce((a, t) => a + t.peakMb, 0)),
        machine_cpu_percent: round(busy * 100),
        postgres_cpu_percent: round((pgCpu / elapsed) * 100),
        load_generator_cpu_percent: round((((load.user + load.system) / 1e6 + viewerCpuSec) / elapsed) * 100),
        // Mean active backends of this database per 100-ms sample, by wait (CPU: not waiting).
        postgres_waits: waits,
      };
      console.error(
        [
          `${DEVICES} devices × ${label}, ${VIEWERS} viewers, ${SECONDS} s on ${kind}, ${INSTANCES} instance(s)`,
          `ingest: ${result.points_per_s} points/s, ${result.batches} batches, ${errors} errors; latency p50 ${result.ingest_p50_ms} ms, p95 ${result.ingest_p95_ms} ms, p99 ${result.ingest_p99_ms} ms`,
          `delivery (answer → viewer): p50 ${result.delivery_p50_ms} ms, p95 ${result.delivery_p95_ms} ms, p99 ${result.delivery_p99_ms} ms; lost ${lost} of ${acked.size * VIEWERS}`,
          `per batch delivered to one viewer (measured run only): ${result.bytes_per_delivered_frame} bytes on the wire, ${result.server_us_per_delivered_frame} µs of server CPU`,
          `PostgreSQL backends, mean per sample by wait: ${JSON.stringify(waits)}`,
          `server${INSTANCES > 1 ? "s (sum)" : ""}: ${result.server_cpu_percent} % CPU (of one core), RSS ${result.server_rss_mb} MB (peak ${result.server_peak_rss_mb} MB); whole machine ${result.machine_cpu_percent} % busy of 2 cores: PostgreSQL ${result.postgres_cpu_percent} %, load generator (devices + viewers) ${result.load_generator_cpu_percent} %`,
        ].join("\n"),
      );
      for (const c of children) c.kill();
      return result;
    }

    const t0 = Date.now();
    const restResult = await measure(`1 batch/5 s (${PER_BATCH} points)`, PERIOD_MS, async (d, n) => {
      const trackId = tracks[d] ?? "";
      const first = t0 + n * PER_BATCH * 1000;
      const batch = Array.from({ length: PER_BATCH }, (_, k) => ({
        latitude: 45 + d * 1e-3 + (n * PER_BATCH + k) * 2.7e-5,
        longitude: 6,
        timestamp: new Date(first + k * 1000).toISOString(),
        altitude: 500,
      }));
      const status = await post(
        `${baseFor(d)}/tracks/${trackId}/points`,
        headers,
        JSON.stringify({ points: batch }),
      );
      return { ok: status === 204, key: `${trackId}:${first}`, points: PER_BATCH };
    });

    let trackerResult: typeof restResult | null = null;
    if (PROTOCOL) {
      const protocol = PROTOCOL;
      const tokens = await deviceTokens(dbConfigFrom(database.url), eventName, issued.eventId, DEVICES);
      // Warm-up (not measured): each device's first fix opens its track, on a second of its own so that the
      // track can be told apart (its device_track_id ends with that fix's time).
      const t1 = Math.ceil(Date.now() / 1000) * 1000;
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
          Array.from({ length: Math.min(16, DEVICES - i) }, (_, k) =>
            sendFix(i + k, t1 - (i + k + 1) * 1000),
          ),
        );
      const trackOf = new Map<number, string>();
      // The REST run's tracks are listed too: read every page.
      for (let page = 1; ; page++) {
        const res = await fetch(`${base}/tracks?per_page=100&page=${page}`, { headers });
        const list = (await res.json()) as { tracks: Array<{ id: string; device_track_id: string }> };
        if (list.tracks.length === 0) break;
        for (const t of list.tracks) {
          const m = /^tracker-.*-(\d+)$/.exec(t.device_track_id);
          if (m) trackOf.set(Math.round((t1 - Number(m[1])) / 1000) - 1, t.id);
        }
      }
      if (trackOf.size < DEVICES) throw new Error(`only ${trackOf.size} tracker tracks opened`);
      trackerResult = await measure(
        `1 ${protocol} fix/${FIX_EVERY_MS / 1000} s (one token each)`,
        FIX_EVERY_MS,
        async (d, n) => {
          const ts = t1 + n * FIX_EVERY_MS;
          return { ok: (await sendFix(d, ts)) === 200, key: `${trackOf.get(d)}:${ts}`, points: 1 };
        },
      );
    }
    const result = {
      db: kind,
      devices: DEVICES,
      viewers: VIEWERS,
      seconds: SECONDS,
      instances: INSTANCES,
      bus: INSTANCES > 1 ? (values.redis ? "redis" : "notify") : null,
      spectator_flush_ms: Number(values["spectator-flush-ms"] ?? 500),
      viewers_ready_ms: viewersReadyMs,
      viewer_reconnects: viewersRetried,
      ...restResult,
      ...(PROTOCOL && trackerResult
        ? { protocol: PROTOCOL, fix_every_ms: FIX_EVERY_MS, [PROTOCOL]: trackerResult }
        : {}),
    };
    console.log(JSON.stringify(result));
  } finally {
    agent.destroy();
    for (const v of viewers) v.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

await main();
