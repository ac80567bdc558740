import zlib from "node:zlib";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  bombZipEntry,
  gpxGzipBomb,
  nestedZerosGzip,
  syntheticGpx,
  zipArchive,
  zipEntry,
} from "~/server/domain/formats/bomb-fixtures";
import { readFixture } from "~/server/domain/formats/test-helpers";
import { type Database, openDatabase } from "~/server/db/client";
import { dbConfigFrom } from "~/server/config";
import { api, newEventToken } from "../support/api";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
type Refusal = { code: string; message: string; issues: Array<{ file: string; message: string }> };
type Upload = Array<{ name: string; bytes: Uint8Array }>;

function postImport(base: string, token: string, files: Upload) {
  return api<Refusal>("POST", "/imports", {
    token,
    base,
    body: { files: files.map((f) => ({ name: f.name, data_base64: b64(f.bytes) })) },
  });
}

/** GET /tracks back to back, from another client, until `until` settles: how many answered, and how. */
async function otherClient(base: string, until: Promise<unknown>) {
  const { token } = await newEventToken();
  let settled = false;
  void until.finally(() => {
    settled = true;
  });
  const statuses: number[] = [];
  while (!settled) {
    const res = await api("GET", "/tracks", { token, base });
    // Counted only when answered while the upload was still being refused.
    if (!settled) statuses.push(res.status);
  }
  return statuses;
}

describe("POST /imports against decompression bombs", () => {
  it("refuses a gzip bomb, a nested gzip and a lying zip per file, while another client is answered", async () => {
    const base = inject("baseUrl");
    const { token } = await newEventToken();
    const files: Upload = [
      {
        name: "nested.zip",
        bytes: zipArchive([
          zipEntry("inner.zip", zipArchive([zipEntry("a.gpx", readFixture("runs-gpx-2067489619.gpx"))]), 0),
        ]),
      },
      { name: "bomb.gpx.gz", bytes: await gpxGzipBomb(1024) },
      { name: "twice.gpx.gz", bytes: await nestedZerosGzip(1024) },
      {
        name: "lying.zip",
        bytes: zipArchive([await bombZipEntry("run.gpx", 1024, { claimedSize: 100, gpx: true })]),
      },
    ];
    const upload = postImport(base, token, files);
    const answered = await otherClient(base, upload);
    const res = await upload;
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("BAD_REQUEST");
    expect(res.body.issues).toEqual([
      {
        path: ["files", 0],
        file: "nested.zip",
        message:
          "nested.zip: inner.zip: a zip archive inside a zip archive is not accepted (nested archive): upload what it holds instead",
      },
      {
        path: ["files", 1],
        file: "bomb.gpx.gz",
        message: "bomb.gpx.gz: expands to more than 48 MB once decompressed (the limit for one file)",
      },
      {
        path: ["files", 2],
        file: "twice.gpx.gz",
        message:
          "twice.gpx.gz: a gzip file inside a gzip file is not accepted (nested archive): upload what it holds instead",
      },
      // What the files before left of the request's one budget.
      {
        path: ["files", 3],
        file: "lying.zip",
        message:
          "lying.zip: run.gpx: the files of this upload expand to more than 64 MB once decompressed (the limit for one upload)",
      },
    ]);
    // The other client got its answers while the bombs were being refused.
    expect(answered.length).toBeGreaterThan(0);
    expect(new Set(answered)).toEqual(new Set([200]));
    expect((await api<{ total: number }>("GET", "/tracks", { token, base })).body.total).toBe(0);
  });

  it("still imports what Strava's bulk export holds: gzip files inside a zip", async () => {
    const { token } = await newEventToken();
    const gpx = readFixture("runs-gpx-2067489619.gpx");
    const gz = new Uint8Array(zlib.gzipSync(gpx));
    const res = await api<{ tracks: Array<{ points_count: number }> }>("POST", "/imports", {
      token,
      body: {
        files: [
          { name: "export.zip", data_base64: b64(zipArchive([zipEntry("activities/1.gpx.gz", gz, 0)])) },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.tracks.map((t) => t.points_count)).toEqual([502]);
  });
});

/** next-auth's credentials sign-in (CSRF token and cookie first): the session cookie, or null. */
async function signIn(base: string, email: string, password: string): Promise<string | null> {
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
  return res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token=")) ?? null;
}

async function withDatabase<T>(url: string, run: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(dbConfigFrom(url));
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

const LEGACY = { email: "legacy@example.org", password: "an old bcrypt password" };

describe("a server with one small worker", () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase(inject("dbKind"), "workers");
    // An organiser from before scrypt (bcryptjs, cost 10).
    await withDatabase(database.url, (db) =>
      db.prisma.user.create({
        data: { email: LEGACY.email, name: "Legacy", passwordHash: bcrypt.hashSync(LEGACY.password, 10) },
      }),
    );
    server = await startServer(database.url, {
      WORKER_POOL_SIZE: "1",
      WORKER_QUEUE_MAX: "1",
      WORKER_MAX_MEMORY_MB: "64",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("refuses a file that needs more memory than the worker has, and the next upload is imported", async () => {
    const { token } = await newEventToken({ databaseUrl: database.url });
    const big = postImport(server.url, token, [{ name: "big.gpx", bytes: syntheticGpx(60_000) }]);
    const answered = await otherClient(server.url, big);
    const res = await big;
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: ["files", 0],
        file: "big.gpx",
        message: "big.gpx: too large to read (it needs more than 64 MB of memory)",
      },
    ]);
    expect(answered.length).toBeGreaterThan(0);
    const next = await postImport(server.url, token, [
      { name: "run.gpx", bytes: readFixture("runs-gpx-2067489619.gpx") },
    ]);
    expect(next.status).toBe(201);
  });

  it("answers 503 with Retry-After once the worker and its queue are taken", async () => {
    const { token } = await newEventToken({ databaseUrl: database.url });
    const bomb = await gpxGzipBomb(1024);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => postImport(server.url, token, [{ name: "bomb.gpx.gz", bytes: bomb }])),
    );
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(a.body.code).toBe("SERVICE_UNAVAILABLE");
      expect(a.headers.get("retry-after")).toBe("1");
    }
    // Every other upload was read, and refused for what it is.
    for (const a of answers.filter((a) => a.status !== 503)) {
      expect(a.status).toBe(400);
      expect(a.body.message).toMatch(/bomb\.gpx\.gz: expands to more than 48 MB/);
    }
  });

  it("signs in an organiser with a legacy bcrypt hash (checked in the worker), then stores scrypt", async () => {
    expect(await signIn(server.url, LEGACY.email, "not the password")).toBeNull();
    expect(await signIn(server.url, LEGACY.email, LEGACY.password)).toMatch(/^next-auth\.session-token=/);
    // Signed in again: against the new hash this time.
    expect(await signIn(server.url, LEGACY.email, LEGACY.password)).toMatch(/^next-auth\.session-token=/);
    // The last test of the block: an embedded database opens in one process at a time.
    if (inject("dbKind") === "embedded") await server.stop();
    const stored = await withDatabase(database.url, (db) =>
      db.prisma.user.findUniqueOrThrow({ where: { email: LEGACY.email } }),
    );
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
  });
});
