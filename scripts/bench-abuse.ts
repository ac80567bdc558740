/**
 * npm run bench:abuse — can a hostile client slow everyone else down? Against the built app (`npx next build`
 * first) on a fresh database: 50 honest phones post a 5-point batch every 2 s while, at the same time,
 *   - a decompression bomb (a gzipped GPX that expands to 1 GB) is uploaded again and again,
 *   - 20 clients try passwords as fast as they can (sign-in with random e-mails),
 *   - one phone of the same event floods its track with batches, 8 at a time.
 * Prints the honest phones' latency percentiles, their share of 429 and 5xx, and what the attackers got;
 * the last line is one JSON object. Goal (issue 11): honest p99 < 300 ms, 0 honest 429, 0 5xx.
 *   --seconds N (default 30)   --db embedded|postgres (default postgres)   --phones N (default 50)
 *   --attacks bomb,signin,flood | none (the honest phones alone: the baseline)   --port P (default: a free one)
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { gpxGzipBomb } from "~/server/domain/formats/bomb-fixtures";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: {
    seconds: { type: "string" },
    db: { type: "string" },
    phones: { type: "string" },
    attacks: { type: "string" },
    port: { type: "string" },
  },
});
const SECONDS = Number(values.seconds ?? 30);
const PHONES = Number(values.phones ?? 50);
const KIND = values.db === "embedded" ? "embedded" : "postgres";
const PERIOD_MS = 2000;
/** Which attacks run (comma-separated: bomb, signin, flood; "none" for the honest phones alone, a baseline). */
const ATTACKS = new Set((values.attacks ?? "bomb,signin,flood").split(","));

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One request on a kept-alive connection; resolves to its status and time (ms). */
function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Promise<{ status: number; ms: number; text: string; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, base);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, agent },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          if (text.length < 2000) text += c;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            text,
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started, text: "", headers: {} }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const database = await createTestDatabase(KIND, "abuse");
const server = await startServer(database.url, values.port ? { PORT: values.port } : {});
const base = server.url;
let deadline = 0;
const stopAt = () => Date.now() >= deadline;
try {
  const issued = await executeAdminCommand(
    { op: "token", event: `abuse-${randomUUID()}` },
    dbConfigFrom(database.url),
  );
  if (!("token" in issued)) throw new Error("no token");
  const json = { "Content-Type": "application/json", "X-API-Key": issued.token };
  const newTrack = async () =>
    JSON.parse(
      (await request(base, "POST", "/api/tracks", json, JSON.stringify({ device_track_id: randomUUID() })))
        .text,
    ).id as string;
  const honestTracks = await Promise.all(Array.from({ length: PHONES }, newTrack));
  const floodTrack = await newTrack();
  const bomb = JSON.stringify({
    files: [{ name: "bomb.gpx.gz", data_base64: Buffer.from(await gpxGzipBomb(1024)).toString("base64") }],
  });
  const csrf = await request(base, "GET", "/api/auth/csrf", {});
  const csrfToken = (JSON.parse(csrf.text) as { csrfToken: string }).csrfToken;
  const csrfCookie = [csrf.headers["set-cookie"] ?? []]
    .flat()
    .map((c) => c.split(";")[0])
    .join("; ");

  let clock = Date.parse("2026-03-12T08:00:00Z");
  const batch = () => {
    clock += 5000;
    return JSON.stringify({
      points: Array.from({ length: 5 }, (_, i) => ({
        latitude: 45 + Math.random() * 0.01,
        longitude: 6 + Math.random() * 0.01,
        timestamp: new Date(clock + i * 1000).toISOString(),
        accuracy: 5,
      })),
    });
  };

  // Warm-up: compile routes, fill caches.
  for (const id of honestTracks.slice(0, 5))
    await request(base, "POST", `/api/tracks/${id}/points`, json, batch());

  deadline = Date.now() + SECONDS * 1000;
  const honest: Array<{ status: number; ms: number }> = [];
  const attacks = {
    bomb: new Map<number, number>(),
    signIn: new Map<number, number>(),
    flood: new Map<number, number>(),
  };
  const count = (m: Map<number, number>, status: number) => m.set(status, (m.get(status) ?? 0) + 1);

  const phones = honestTracks.map(async (id, k) => {
    await sleep((k / PHONES) * PERIOD_MS);
    while (!stopAt()) {
      const next = Date.now() + PERIOD_MS;
      const res = await request(base, "POST", `/api/tracks/${id}/points`, json, batch());
      honest.push({ status: res.status, ms: res.ms });
      await sleep(Math.max(0, next - Date.now()));
    }
  });
  const bombs = (async () => {
    while (ATTACKS.has("bomb") && !stopAt())
      count(attacks.bomb, (await request(base, "POST", "/api/imports", json, bomb)).status);
  })();
  const signIns = Array.from({ length: 20 }, async () => {
    while (ATTACKS.has("signin") && !stopAt()) {
      const body = new URLSearchParams({
        csrfToken,
        email: `x-${randomUUID()}@example.org`,
        password: "guess guess guess",
        json: "true",
      }).toString();
      const res = await request(
        base,
        "POST",
        "/api/auth/callback/credentials",
        {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(Buffer.byteLength(body)),
          cookie: csrfCookie,
        },
        body,
      );
      count(attacks.signIn, res.status);
    }
  });
  const flood = Array.from({ length: 8 }, async () => {
    while (ATTACKS.has("flood") && !stopAt())
      count(
        attacks.flood,
        (await request(base, "POST", `/api/tracks/${floodTrack}/points`, json, batch())).status,
      );
  });
  await Promise.all([...phones, bombs, ...signIns, ...flood]);

  const ms = honest.map((h) => h.ms);
  const summary = {
    db: KIND,
    attacks: [...ATTACKS].join(","),
    seconds: SECONDS,
    honest_requests: honest.length,
    honest_p50_ms: round(percentile(ms, 50)),
    honest_p95_ms: round(percentile(ms, 95)),
    honest_p99_ms: round(percentile(ms, 99)),
    honest_max_ms: round(Math.max(...ms)),
    honest_429_share: honest.filter((h) => h.status === 429).length / Math.max(1, honest.length),
    honest_5xx: honest.filter((h) => h.status >= 500 || h.status === 0).length,
    honest_other: honest.filter(
      (h) => h.status !== 204 && h.status !== 429 && h.status < 500 && h.status !== 0,
    ).length,
    attack_5xx: [...attacks.bomb, ...attacks.signIn, ...attacks.flood]
      .filter(([s]) => s >= 500 || s === 0)
      .reduce((a, [, n]) => a + n, 0),
    bomb_answers: Object.fromEntries(attacks.bomb),
    sign_in_answers: Object.fromEntries(attacks.signIn),
    flood_answers: Object.fromEntries(attacks.flood),
  };
  console.error(
    [
      `honest phones (${PHONES}, a batch every ${PERIOD_MS / 1000} s): ${summary.honest_requests} batches, p50 ${summary.honest_p50_ms} ms, p95 ${summary.honest_p95_ms} ms, p99 ${summary.honest_p99_ms} ms, max ${summary.honest_max_ms} ms`,
      `  429: ${(summary.honest_429_share * 100).toFixed(2)} %, 5xx or dropped: ${summary.honest_5xx}, other: ${summary.honest_other}`,
      `bomb uploads: ${JSON.stringify(summary.bomb_answers)}; sign-ins: ${JSON.stringify(summary.sign_in_answers)}; flood: ${JSON.stringify(summary.flood_answers)}`,
    ].join("\n"),
  );
  console.log(JSON.stringify(summary));
} finally {
  agent.destroy();
  await server.stop();
  await database.drop();
}
