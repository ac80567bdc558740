/**
 * npm run bench:bombs — what decompression bombs, a huge GPX and bursts of password hashing cost the server,
 * and what they cost everybody else. Against the built app (`npx next build` first) on a fresh embedded
 * database: for each case, one client sends the attack while another sends GET /api/tracks back to back;
 * it prints the attack's answer and time, the other client's slowest answer (≈ how long the event loop was
 * blocked) and the server's peak RSS during the case (VmHWM, reset before each case).
 *   --only <substring>   run the cases whose name contains it
 *   --db embedded|postgres   the database (default embedded; PGlite runs in the server's thread, so its
 *                        share of an import blocks the event loop too)
 *   --port N             the server's port (default: a free one)
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import {
  bombZipEntry,
  gpxGzipBomb,
  nestedZerosGzip,
  syntheticGpx,
  zipArchive,
  zipEntry,
} from "~/server/domain/formats/bomb-fixtures";
import { createTestDatabase, startServer } from "../tests/support/server";

const { values } = parseArgs({
  options: { only: { type: "string" }, port: { type: "string" }, db: { type: "string" } },
});

type Upload = Array<{ name: string; bytes: Uint8Array }>;
interface Case {
  name: string;
  /** Builds the attack (before the other client starts, since that takes this process's CPU too). */
  prepare(
    base: string,
  ): Promise<(base: string, token: string) => Promise<{ status: number; detail: string }>>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function importCase(name: string, files: () => Promise<Upload>): Case {
  return {
    name,
    async prepare() {
      const upload = await files();
      const body = JSON.stringify({
        files: upload.map((f) => ({ name: f.name, data_base64: b64(f.bytes) })),
      });
      return async (base, token) => {
        const res = await fetch(`${base}/api/imports`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-API-Key": token },
          body,
        });
        const text = await res.text();
        return {
          status: res.status,
          detail: `${(body.length / 1024).toFixed(1)} KB request; ${text.slice(0, 160)}`,
        };
      };
    },
  };
}

async function trpc(base: string, path: string, input: unknown) {
  const res = await fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  await res.arrayBuffer();
  return res.status;
}

async function signIn(base: string, email: string, password: string): Promise<number> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  await res.arrayBuffer();
  const session = res.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token="));
  return session ? 200 : res.status === 200 ? 401 : res.status;
}

const statusSummary = (statuses: number[]) =>
  Object.entries(
    statuses.reduce<Record<number, number>>((acc, s) => {
      acc[s] = (acc[s] ?? 0) + 1;
      return acc;
    }, {}),
  )
    .map(([s, n]) => `${n}×${s}`)
    .join(" ");

const PASSWORD = "a long enough password";
const cases: Case[] = [
  {
    name: "idle: the other client alone, for 2 s",
    async prepare() {
      return async () => {
        await new Promise((r) => setTimeout(r, 2000));
        return { status: 0, detail: "" };
      };
    },
  },
  importCase("gzip: a GPX head and 1 GB of spaces", async () => [
    { name: "bomb.gpx.gz", bytes: await gpxGzipBomb(1024) },
  ]),
  importCase("nested gzip: 3 files of 1 GB of zeros each", async () => {
    const bytes = await nestedZerosGzip(1024);
    return [1, 2, 3].map((n) => ({ name: `bomb-${n}.gpx.gz`, bytes }));
  }),
  importCase("zip: a 1 GB entry whose header claims 100 bytes", async () => [
    {
      name: "lying.zip",
      bytes: zipArchive([await bombZipEntry("a.gpx", 1024, { claimedSize: 100, gpx: true })]),
    },
  ]),
  importCase("zip: 200 overlapping entries of 16 MB", async () => [
    {
      name: "overlap.zip",
      bytes: zipArchive([await bombZipEntry("a.gpx", 16, { gpx: true })], { repeat: 200 }),
    },
  ]),
  importCase("zip in zip: the lying 1 GB zip, stored in a zip", async () => {
    const inner = zipArchive([await bombZipEntry("a.gpx", 1024, { claimedSize: 100, gpx: true })]);
    return [{ name: "outer.zip", bytes: zipArchive([zipEntry("inner.zip", inner, 0)]) }];
  }),
  importCase("GPX of 46 MB (one file, 450,000 points)", async () => [
    { name: "huge.gpx", bytes: syntheticGpx(450_000) },
  ]),
  {
    name: "20 concurrent sign-ups",
    async prepare() {
      return async (base) => {
        const statuses = await Promise.all(
          Array.from({ length: 20 }, () =>
            trpc(base, "account.signUp", { email: `u-${randomUUID()}@example.org`, password: PASSWORD }),
          ),
        );
        return { status: 0, detail: statusSummary(statuses) };
      };
    },
  },
  {
    name: "20 concurrent sign-ins (20 accounts)",
    async prepare(base) {
      const emails = Array.from({ length: 20 }, () => `s-${randomUUID()}@example.org`);
      for (const email of emails) await trpc(base, "account.signUp", { email, password: PASSWORD });
      return async (base) => {
        const statuses = await Promise.all(emails.map((email) => signIn(base, email, PASSWORD)));
        return { status: 0, detail: statusSummary(statuses) };
      };
    },
  },
];

function procStatus(pid: number, field: string): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.replace(/\D+/g, "") ?? Number.NaN) / 1024;
}

/** GET /api/tracks back to back until stopped; the slowest answer and how many there were. */
function probe(base: string, token: string) {
  let running = true;
  const latencies: number[] = [];
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${base}/api/tracks`, { headers: { "X-API-Key": token } });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { max: Math.max(...latencies), count: latencies.length };
  };
}

const database = await createTestDatabase(values.db === "postgres" ? "postgres" : "embedded", "bombs");
const server = await startServer(database.url, {
  RATE_LIMIT_MAX: "0",
  ...(values.port ? { PORT: values.port } : {}),
});
const pid = server.process.pid ?? 0;
process.env.DATABASE_URL = database.url;
const issued = await executeAdminCommand({ op: "token", event: `bombs-${randomUUID()}` });
if (!("token" in issued)) throw new Error("expected a token");
const { token } = issued;
const results: Array<Record<string, unknown>> = [];
try {
  for (const c of cases.filter((c) => !values.only || c.name.includes(values.only))) {
    const attack = await c.prepare(server.url);
    await new Promise((r) => setTimeout(r, 500));
    const rssBefore = procStatus(pid, "VmRSS");
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM, the peak RSS
    const stop = probe(server.url, token);
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const outcome = await attack(server.url, token).catch((error: unknown) => ({
      status: -1,
      detail: `no answer: ${error instanceof Error ? String(error.cause ?? error.message) : String(error)}`,
    }));
    const elapsed = performance.now() - started;
    const other = await stop().catch(() => ({ max: Number.NaN, count: 0 }));
    const peak = procStatus(pid, "VmHWM");
    const row = {
      case: c.name,
      status: outcome.status,
      attack_ms: Math.round(elapsed),
      other_client_max_ms: Math.round(other.max),
      other_client_requests: other.count,
      rss_before_mb: Math.round(rssBefore),
      rss_peak_mb: Math.round(peak),
      detail: outcome.detail,
    };
    results.push(row);
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      console.log(
        `the server died (exit ${server.process.exitCode ?? server.process.signalCode}): stopping here`,
      );
      break;
    }
    console.log(
      `${c.name}: ${outcome.status || ""} in ${row.attack_ms} ms; other client's slowest answer ${row.other_client_max_ms} ms ` +
        `(${other.count} answers); RSS ${row.rss_before_mb} → peak ${row.rss_peak_mb} MB\n    ${outcome.detail}`,
    );
  }
} finally {
  await server.stop();
  await database.drop();
}
console.log(JSON.stringify(results));
