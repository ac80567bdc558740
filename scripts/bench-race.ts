// Over 300 lines: one benchmark, its two parts (domain in memory, the API under load) and their report in one script.
/**
 * npm run bench:race — race day under load (issue 13). Two parts; the last line is one JSON object.
 * 1. Domain, in memory (what race.perf.test.ts used to time): projection per fix, a live batch with its JSON
 *    state, all passings recomputed after a checkpoint moves, replay index and scrub step, at 5,000 runners
 *    built from a real 14 km trail recording.
 * 2. Through the API on PostgreSQL: N participants of one race posting a fix every 5 s, M viewers of the live
 *    stream; ingest p50/p99 (POST → 204), leaderboard latency (204 → the viewer sees that fix in the
 *    runner's row; and only the rows whose rank changed), server CPU per 1,000 points/s, and the time to
 *    recompute every passing after moving one checkpoint (every track of the race).
 *   --participants N (5000)  --viewers M (100)  --seconds S (30)  --port P  --skip-domain  --skip-api
 *   --profile DIR: a CPU profile of the server over the measured window only (not the set-up), in DIR.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import {
  buildCourse,
  buildReplay,
  computePassings,
  cursorOf,
  detectPassings,
  emptyProgressState,
  isProgressState,
  leaderboard,
  leaderboardAt,
  entrantsAt,
  resolveCheckpoints,
  advanceProgress,
} from "~/server/domain/race";
import { historyOf, readRoute, runnerFrom } from "~/server/domain/race/test-tracks";
import type { LeaderboardMessage } from "~/server/live/wire";
import { applyLeaderboard, emptyBoard, type LeaderboardView } from "~/lib/live/leaderboard";
import type { TLeaderboardResponse } from "~/server/api/schemas/race";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: {
    participants: { type: "string" },
    viewers: { type: "string" },
    seconds: { type: "string" },
    port: { type: "string" },
    "skip-domain": { type: "boolean" },
    "skip-api": { type: "boolean" },
    profile: { type: "string" },
  },
});
const N = Number(values.participants ?? 5000);
const VIEWERS = Number(values.viewers ?? 100);
const SECONDS = Number(values.seconds ?? 30);
const PERIOD_MS = 5000;
const DEG = 1 / 111_195;
const pct = (xs: number[], p: number) => {
  const s = Float64Array.from(xs).sort();
  return s.length === 0
    ? null
    : Math.round((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0) * 10) / 10;
};
const ms = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

function domainPart() {
  const GUN = Date.UTC(2026, 5, 7, 8);
  const params = { startMs: GUN, endMs: null, maxSpeedMps: 12 };
  const route = readRoute("runs-gpx-6782987395.gpx");
  const course = buildCourse(route);
  const checkpoints = resolveCheckpoints(course, {
    points: [{ id: "aid", name: "Aid", distanceM: 7000 }],
    splitEveryM: 1000,
  });
  const runners = Array.from({ length: 100 }, (_, k) =>
    runnerFrom(route, {
      startMs: GUN + (k % 20) * 5000,
      courseLengthM: course.lengthM,
      slowdown: 0.9 + (k % 10) * 0.06,
      intervalSec: 5,
      noiseM: 6,
      spikeEvery: 53,
      spikeM: 300,
      seed: k + 1,
    }),
  );
  const fixes = runners.reduce((n, r) => n + r.length, 0);
  const full = ms(() => runners.map((f) => advanceProgress(course, emptyProgressState(), f, params)));
  let stored = runners.map(() => JSON.stringify(emptyProgressState()));
  const rounds = 200;
  const live = ms(() => {
    for (let i = 0; i < rounds; i++)
      stored = stored.map((json, k) => {
        const state: unknown = JSON.parse(json);
        const fix = runners[k]?.[i];
        if (!isProgressState(state) || !fix) return json;
        const step = advanceProgress(course, state, [fix], params);
        detectPassings(checkpoints, cursorOf(state), step.samples);
        return JSON.stringify(step.state);
      });
  });
  const histories = runners.map((f) => historyOf(course, checkpoints, f, params));
  const all = Array.from({ length: N }, (_, k) => {
    const shift = Math.floor(k / 100) * 1000;
    const samples = (histories[k % 100]?.samples ?? []).map((s) => ({
      ...s,
      ts: s.ts + shift,
      decidedTs: s.decidedTs + shift,
    }));
    return { id: `p${k}`, bib: String(k + 1), name: null, samples };
  });
  const moved = resolveCheckpoints(course, {
    points: [{ id: "aid", name: "Aid", distanceM: 7350 }],
    splitEveryM: 1000,
  });
  let passings: ReturnType<typeof computePassings>[] = [];
  const recompute = ms(() => {
    passings = all.map((p) => computePassings(moved, p.samples));
  });
  const race = {
    course,
    checkpoints: moved,
    rules: {
      startMode: "gun" as const,
      startMs: GUN,
      startClosesMs: null,
      cutoffs: [],
      inactivityDnfSec: null,
      climbFactor: 0,
    },
  };
  let replay = buildReplay([]);
  const index = ms(() => {
    replay = buildReplay(all.map((p, k) => ({ ...p, passings: passings[k] ?? [] })));
  });
  const steps = Array.from({ length: 10 }, (_, k) =>
    ms(() => leaderboardAt(race, replay, GUN + k * 720_000)),
  );
  const entrants = entrantsAt(replay, GUN + 2_700_000);
  const ranking = Math.min(...[0, 1, 2].map(() => ms(() => leaderboard(race, entrants, GUN + 2_700_000))));
  return {
    projection_us_per_fix: Math.round(((full * 1000) / fixes) * 10) / 10,
    live_batch_us: Math.round(((live * 1000) / (rounds * 100)) * 10) / 10,
    state_bytes: Math.round(stored.reduce((n, s) => n + s.length, 0) / stored.length),
    recompute_all_passings_ms: Math.round(recompute),
    samples: all.reduce((n, p) => n + p.samples.length, 0),
    replay_index_ms: Math.round(index),
    replay_step_median_ms: pct(steps, 50),
    ranking_ms: Math.round(ranking),
  };
}

/** A 10 km course heading north with a bend (a point every 20 m), as a planned GPX route. */
function courseGpx(): string {
  const pts = Array.from({ length: 501 }, (_, i) => {
    const d = i * 20;
    return `<trkpt lat="${(45 + d * DEG).toFixed(7)}" lon="${(6 + Math.sin(d / 2000) * 0.01).toFixed(7)}"/>`;
  });
  return `<?xml version="1.0"?><gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts.join("")}</trkseg></trk></gpx>`;
}
const onCourse = (d: number) => ({ latitude: 45 + d * DEG, longitude: 6 + Math.sin(d / 2000) * 0.01 });

async function signIn(base: string) {
  const email = `bench-${Date.now()}@example.org`;
  const password = "a long enough password";
  const post = (path: string, body: unknown, cookie = "") =>
    fetch(`${base}/api/trpc/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  await post("account.signUp", { email, password, name: "Bench" });
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signed = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      cookie: csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie =
    signed.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => c.startsWith("next-auth.session-token=")) ?? "";
  return async <T>(path: string, body: unknown): Promise<T> => {
    const res = await post(path, body, cookie);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { result: { data: T } }).result.data;
  };
}

// Runners as phones are: one kept-alive connection each (node:http is much lighter than fetch, and the load
// generator shares the machine's cores with the server and PostgreSQL: see bench:live).
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", reject);
    req.end(body);
  });
}

/** A viewer that only reads (the server still builds and sends it everything). */
function sinkViewer(
  host: string,
  port: number,
  path: string,
): { socket: net.Socket; started: Promise<void> } {
  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => (started = resolve));
  const s = net.connect(port, host, () =>
    s.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\n\r\n`),
  );
  // Its snapshot is set-up, not the measured window.
  let tail = "";
  s.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("latin1", 0, 64)).slice(-80);
    if (tail.includes("event: snapshot") || chunk.includes("event: snapshot")) started();
  });
  s.on("error", () => started());
  s.on("close", () => started());
  return { socket: s, started: ready };
}

async function apiPart() {
  const database = await createTestDatabase("postgres", "race");
  const profileDir = values.profile ? path.resolve(values.profile) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const server = await startServer(database.url, {
    RATE_LIMIT_MAX: "0",
    ...(profileDir ? { RUNIFY_PROFILE_DIR: profileDir } : {}),
    ...(values.port ? { PORT: values.port } : {}),
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const sinks: net.Socket[] = [];
  try {
    const base = server.url;
    const trpc = await signIn(base);
    const gun = Date.now() - 60_000;
    const created = await trpc<{ event: { id: string }; token: { raw: string } }>("event.create", {
      name: `race-bench-${Date.now()}`,
      date: new Date().toISOString().slice(0, 10),
      time: "08:00",
      timezone: "Europe/Paris",
      is_public: true,
      start: { lat: 45, lon: 6 },
      participants: Array.from({ length: N }, (_, i) => ({
        name: `Runner ${i + 1}`,
        bib: String(i + 1),
        user_id: `u${i}`,
      })),
    });
    const eventId = created.event.id;
    const headers = { "X-API-Key": created.token.raw, "Content-Type": "application/json" };
    const race = await trpc<{ id: string }>("race.create", {
      event_id: eventId,
      name: "10K",
      start_at: new Date(gun).toISOString(),
      split_every_m: 1000,
    });
    const up = await fetch(`${base}/api/events/${eventId}/races/${race.id}/course`, {
      method: "PUT",
      headers,
      body: JSON.stringify({
        files: [{ name: "10k.gpx", data_base64: Buffer.from(courseGpx()).toString("base64") }],
      }),
    });
    if (!up.ok) throw new Error(`course: ${up.status} ${await up.text()}`);
    // Entries in one statement (the dashboard enters them one by one), then one edit reloads the race.
    await pool.query(
      "INSERT INTO race_participants (race_id, participant_id) SELECT $1, id FROM participants WHERE event_id = $2",
      [race.id, eventId],
    );
    const cp = await trpc<{ checkpoints: Array<{ id: string; source_id: string | null }> }>(
      "race.addCheckpoint",
      { race_id: race.id, checkpoint: { name: "Aid", distance_m: 150 } },
    );
    const aid = cp.checkpoints.find((c) => c.source_id)?.source_id ?? "";
    const tracks: string[] = new Array(N);
    for (let i = 0; i < N; i += 16)
      await Promise.all(
        Array.from({ length: Math.min(16, N - i) }, async (_, k) => {
          const res = await fetch(`${base}/api/tracks`, {
            method: "POST",
            headers,
            body: JSON.stringify({ device_track_id: `d${i + k}`, user_id: `u${i + k}` }),
          });
          tracks[i + k] = ((await res.json()) as { id: string }).id;
        }),
      );

    const url = new URL(`${base}/api/live/${eventId}/stream`);
    const starts: Promise<void>[] = [];
    for (let i = 1; i < VIEWERS; i++) {
      const v = sinkViewer(url.hostname, Number(url.port), url.pathname);
      sinks.push(v.socket);
      starts.push(v.started);
    }
    await Promise.all(starts);
    // The measuring viewer: every leaderboard frame against the 204s, merged as the browser merges them
    // (applyLeaderboard: a patch carries no rank, every rank is derived). A fix counts once, in the first
    // frame whose row shows it or a later fix of the same runner; its rank latency when that frame changed
    // that row's rank.
    const acks = new Map<string, Array<{ ts: number; at: number }>>();
    const rowLatency: number[] = [];
    const rankLatency: number[] = [];
    let board: LeaderboardView | undefined;
    let frameBytes = 0;
    let frames = 0;
    // What the frames are made of: whole rows, field patches (KB per frame each; ranks no longer travel).
    const partBytes = { rows: 0, patches: 0 };
    let mergeMs = 0;
    const stream = await fetch(url, { headers: { Accept: "text/event-stream" } });
    const reader = stream.body?.getReader();
    // The rows first, as a page has them (the stream's frames wait meanwhile; older ones change nothing).
    const page = await fetch(`${base}/api/live/${eventId}/races/${race.id}/leaderboard`);
    const first = (await page.json()) as TLeaderboardResponse;
    board = emptyBoard(race.id, first.seq, first.rows);
    let tail = "";
    void (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        tail += decoder.decode(chunk.value, { stream: true });
        const parts = tail.split("\n\n");
        tail = parts.pop() ?? "";
        const now = Date.now();
        for (const f of parts) {
          if (!f.includes("event: leaderboard")) continue;
          const data = f.slice(f.indexOf("data: ") + 6);
          frameBytes += data.length;
          frames += 1;
          // A patch has the fields that changed: no last_fix, no new fix shown.
          const m = JSON.parse(data) as LeaderboardMessage;
          partBytes.rows += JSON.stringify(m.rows).length;
          partBytes.patches += JSON.stringify(m.patches ?? []).length;
          const before = board;
          const t0 = performance.now();
          board = applyLeaderboard(board, m);
          mergeMs += performance.now() - t0;
          for (const r of [...m.rows, ...(m.patches ?? [])]) {
            const pending = acks.get(r.participant_id);
            const shown = r.last_fix ? Date.parse(r.last_fix) : Number.NEGATIVE_INFINITY;
            let seen = 0;
            while (pending && seen < pending.length && (pending[seen]?.ts ?? 0) <= shown) {
              rowLatency.push(now - (pending[seen]?.at ?? now));
              seen += 1;
            }
            if (seen > 0) {
              const newest = pending?.[seen - 1]?.at ?? now;
              pending?.splice(0, seen);
              const was = before?.rows[r.participant_id];
              if (was && was.rank !== board.rows[r.participant_id]?.rank) rankLatency.push(now - newest);
            }
          }
        }
      }
    })();
    const participants = (
      await pool.query("SELECT id, user_id FROM participants WHERE event_id = $1", [eventId])
    ).rows as Array<{ id: string; user_id: string }>;
    const idOfUser = new Map(participants.map((p) => [p.user_id, p.id]));

    const pid = server.process.pid;
    if (profileDir && pid) process.kill(pid, "SIGUSR2");
    const cpu0 = pid ? cpuSec(pid) : 0;
    const ingest: number[] = [];
    let points = 0;
    let errors = 0;
    const errorKinds = new Map<string, number>();
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      tracks.map(async (trackId, d) => {
        const speed = 2.5 + (d % 17) * 0.1;
        let next = started + (d / N) * PERIOD_MS;
        for (;;) {
          if (next >= deadline) return;
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const ts = Date.now();
          // Speeds swing over a minute, so ranks keep changing.
          const dist = ((ts - gun) / 1000) * speed * (1 + 0.15 * Math.sin(ts / 9000 + d));
          const body = JSON.stringify({
            points: [{ ...onCourse(Math.max(0, dist)), timestamp: new Date(ts).toISOString(), accuracy: 4 }],
          });
          const sent = performance.now();
          // What failed, counted by kind: an HTTP status, or the socket error's code.
          const status = await post(`${base}/api/tracks/${trackId}/points`, headers, body).catch(
            (error: NodeJS.ErrnoException) => error.code ?? error.message,
          );
          if (status === 204) {
            ingest.push(performance.now() - sent);
            const id = idOfUser.get(`u${d}`) ?? "";
            const list = acks.get(id) ?? [];
            list.push({ ts, at: Date.now() });
            acks.set(id, list);
            points += 1;
          } else {
            errors += 1;
            errorKinds.set(String(status), (errorKinds.get(String(status)) ?? 0) + 1);
          }
          next += PERIOD_MS;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const cpu = pid ? cpuSec(pid) - cpu0 : 0;
    if (profileDir && pid) process.kill(pid, "SIGUSR2");
    const pointsPerSec = points / elapsed;

    // Move the aid station: every participant's passing of it is recomputed.
    const t = performance.now();
    await trpc("race.updateCheckpoint", { id: aid, checkpoint: { name: "Aid", distance_m: 100 } });
    const recomputeMs = performance.now() - t;
    const passed = await pool.query(
      "SELECT count(*)::int AS n FROM race_passings WHERE race_id = $1 AND checkpoint_id = $2",
      [race.id, aid],
    );
    void reader?.cancel().catch(() => undefined);
    return {
      participants: N,
      viewers: VIEWERS,
      seconds: Math.round(elapsed),
      points_per_sec: Math.round(pointsPerSec),
      errors,
      error_kinds: Object.fromEntries(errorKinds),
      ingest_p50_ms: pct(ingest, 50),
      ingest_p99_ms: pct(ingest, 99),
      leaderboard_row_p50_ms: pct(rowLatency, 50),
      leaderboard_row_p99_ms: pct(rowLatency, 99),
      rank_change_p50_ms: pct(rankLatency, 50),
      rank_change_p99_ms: pct(rankLatency, 99),
      rank_changes_seen: rankLatency.length,
      fixes_seen: rowLatency.length,
      leaderboard_frames: frames,
      leaderboard_kb_per_frame: Math.round(frameBytes / Math.max(1, frames) / 1024),
      leaderboard_kb_per_frame_parts: Object.fromEntries(
        Object.entries(partBytes).map(([k, b]) => [k, Math.round(b / Math.max(1, frames) / 1024)]),
      ),
      viewer_merge_ms_per_frame: Math.round((mergeMs / Math.max(1, frames)) * 10) / 10,
      server_cpu_pct_per_1000_pps: Math.round(((cpu / elapsed) * 100 * 1000) / Math.max(1, pointsPerSec)),
      recompute_moved_checkpoint_ms: Math.round(recomputeMs),
      recompute_tracks: N,
      passings_after_move: passed.rows[0]?.n ?? 0,
    };
  } finally {
    for (const s of sinks) s.destroy();
    await pool.end();
    await server.stop();
    await database.drop();
  }
}

function cpuSec(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function main() {
  const domain = values["skip-domain"] ? null : domainPart();
  if (domain) console.log("domain (in memory):", domain);
  const api = values["skip-api"] ? null : await apiPart();
  if (api) console.log("api (PostgreSQL):", api);
  console.log(JSON.stringify({ bench: "race", domain, api }));
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
