/**
 * npm run bench:fair — is every client served, or do some wait while others are? Against the built app on a
 * fresh database, N clients at once, each on its own kept-alive connection, send requests back to back for
 * S seconds: a 50-point batch to its own track, then the event's track list (`GET /tracks?per_page=100`),
 * in turn. Prints the time to each client's first answer, the longest any client waited for one answer, how
 * many clients waited more than 2 s, and the spread of requests served per client. Last line: one JSON object.
 * Goal (issue 17, item 4): with 200 clients on the embedded database, no client waits more than 2 s.
 *   --clients N (200)  --seconds S (15)  --db embedded|postgres (embedded)  --port P (default: a free one)
 * EMBEDDED_DB_THREAD=0 in the environment runs the server's embedded database on its own thread (as before).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: {
    clients: { type: "string" },
    seconds: { type: "string" },
    db: { type: "string" },
    port: { type: "string" },
  },
});
const CLIENTS = Number(values.clients ?? 200);
const SECONDS = Number(values.seconds ?? 15);
const KIND = values.db === "postgres" ? "postgres" : "embedded";

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const url = new URL(path, base);
  const started = performance.now();
  return new Promise<{ status: number; ms: number; text: string }>((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, agent },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => {
          if (text.length < 2000) text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, text }));
      },
    );
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started, text: "" }));
    req.end(body);
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

const database = await createTestDatabase(KIND, "fair");
const server = await startServer(database.url, {
  RATE_LIMIT_MAX: "0",
  ...(values.port ? { PORT: values.port } : {}),
});
try {
  const issued = await executeAdminCommand(
    { op: "token", event: `fair-${randomUUID()}` },
    dbConfigFrom(database.url),
  );
  if (!("token" in issued)) throw new Error("no token");
  const json = { "Content-Type": "application/json", "X-API-Key": issued.token };
  const base = server.url;
  const tracks: string[] = [];
  for (let i = 0; i < CLIENTS; i += 10) {
    const created = await Promise.all(
      Array.from({ length: Math.min(10, CLIENTS - i) }, async () => {
        const res = await request(
          base,
          "POST",
          "/api/tracks",
          json,
          JSON.stringify({ device_track_id: randomUUID() }),
        );
        return (JSON.parse(res.text) as { id: string }).id;
      }),
    );
    tracks.push(...created);
  }
  const start = Date.parse("2026-03-12T08:00:00Z");
  const deadline = performance.now() + SECONDS * 1000;
  const began = performance.now();
  const clients = await Promise.all(
    tracks.map(async (id, c) => {
      const waits: number[] = [];
      const posts: number[] = [];
      const lists: number[] = [];
      let first = Number.NaN;
      let errors = 0;
      const statuses: Record<string, number> = {};
      for (let n = 0; performance.now() < deadline; n++) {
        const res =
          n % 2 === 0
            ? await request(
                base,
                "POST",
                `/api/tracks/${id}/points`,
                json,
                JSON.stringify({
                  points: Array.from({ length: 50 }, (_, k) => ({
                    latitude: 45 + c * 1e-3 + (n * 50 + k) * 2.7e-5,
                    longitude: 6,
                    timestamp: new Date(start + (n * 50 + k) * 1000).toISOString(),
                  })),
                }),
              )
            : await request(base, "GET", "/api/tracks?per_page=100", json);
        if (Number.isNaN(first)) first = performance.now() - began;
        waits.push(res.ms);
        (n % 2 === 0 ? posts : lists).push(res.ms);
        if (res.status !== 204 && res.status !== 200) {
          errors++;
          const key = `${res.status}${res.text.match(/"code":"([A-Z_]+)"/)?.[1] ? ` ${res.text.match(/"code":"([A-Z_]+)"/)?.[1]}` : ""}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        }
      }
      return { first, waits, posts, lists, errors, statuses };
    }),
  );
  const all = clients.flatMap((c) => c.waits);
  const served = clients.map((c) => c.waits.length);
  const summary = {
    db: KIND,
    thread: process.env.EMBEDDED_DB_THREAD !== "0",
    clients: CLIENTS,
    seconds: SECONDS,
    requests: all.length,
    errors: clients.reduce((a, c) => a + c.errors, 0),
    errors_by_status: clients.reduce<Record<string, number>>((all, c) => {
      for (const [k, n] of Object.entries(c.statuses)) all[k] = (all[k] ?? 0) + n;
      return all;
    }, {}),
    first_answer_p50_ms: round(
      percentile(
        clients.map((c) => c.first),
        50,
      ),
    ),
    first_answer_max_ms: round(Math.max(...clients.map((c) => c.first))),
    wait_p50_ms: round(percentile(all, 50)),
    wait_p99_ms: round(percentile(all, 99)),
    wait_max_ms: round(Math.max(...all)),
    // By kind: a batch waits for its group's write (services/points-writer.ts), a list for one statement.
    post_wait_p50_ms: round(
      percentile(
        clients.flatMap((c) => c.posts),
        50,
      ),
    ),
    post_wait_max_ms: round(Math.max(...clients.flatMap((c) => c.posts))),
    list_wait_p50_ms: round(
      percentile(
        clients.flatMap((c) => c.lists),
        50,
      ),
    ),
    list_wait_max_ms: round(Math.max(...clients.flatMap((c) => c.lists))),
    clients_waiting_over_2s: clients.filter((c) => Math.max(...c.waits) > 2000).length,
    served_min: Math.min(...served),
    served_max: Math.max(...served),
  };
  console.error(
    [
      `${CLIENTS} clients for ${SECONDS} s on ${KIND}${KIND === "embedded" ? (summary.thread ? " (worker thread)" : " (server's thread)") : ""}: ${summary.requests} answers, ${summary.errors} errors`,
      `first answer p50 ${summary.first_answer_p50_ms} ms, max ${summary.first_answer_max_ms} ms; every wait p50 ${summary.wait_p50_ms} ms, p99 ${summary.wait_p99_ms} ms, max ${summary.wait_max_ms} ms`,
      `batches wait p50 ${summary.post_wait_p50_ms} ms, max ${summary.post_wait_max_ms} ms; lists p50 ${summary.list_wait_p50_ms} ms, max ${summary.list_wait_max_ms} ms`,
      `clients that waited more than 2 s: ${summary.clients_waiting_over_2s}; answers per client ${summary.served_min}–${summary.served_max}`,
    ].join("\n"),
  );
  console.log(JSON.stringify(summary));
} finally {
  agent.destroy();
  await server.stop();
  await database.drop();
}
