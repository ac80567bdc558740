import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "~/server/services/events";
import { ensureOrganiser } from "~/server/services/organisers";
import { isUniqueViolation } from "~/server/services/prisma-errors";
import { buildTestBundles } from "~/server/workers/test-bundles";
import { openDatabase } from "./client";
import type { Database } from "./index";
import { deployMigrations } from "./migrate";

/** The embedded database in its worker thread (issue 17, item 4), as the server opens it. */
describe("the embedded database in a worker thread", () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    await buildTestBundles();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "runify-thread-"));
    db = await openDatabase({ kind: "embedded", dataDir: dir }, { thread: true });
    await deployMigrations(db);
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers raw statements with checked rows, Dates and numbers as in the server's thread", async () => {
    const rows = await db.rows(
      { n: "int", at: "timestamp", x: "float" },
      "SELECT 42 AS n, TIMESTAMPTZ '2026-03-12T08:20:00Z' AS at, $1::float8 AS x",
      [1.5],
    );
    expect(rows).toEqual([{ n: 42, at: new Date("2026-03-12T08:20:00Z"), x: 1.5 }]);
    expect(await db.execute("CREATE TEMP TABLE t (v int)")).toBe(0);
    expect(await db.execute("INSERT INTO t SELECT generate_series(1, 5)")).toBe(5);
  });

  it("commits a transaction that resolves and rolls back one that throws, keeping the error", async () => {
    await db.execute("CREATE TABLE IF NOT EXISTS tx_test (v int PRIMARY KEY)");
    await db.transaction(async (tx) => {
      await tx.execute("INSERT INTO tx_test VALUES (1)");
      await tx.execute("INSERT INTO tx_test VALUES (2)");
    });
    const failed = await db
      .transaction(async (tx) => {
        await tx.execute("INSERT INTO tx_test VALUES (3)");
        await tx.execute("INSERT INTO tx_test VALUES (1)");
      })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as { code?: string }).code).toBe("23505");
    const values = await db.rows({ v: "int" }, "SELECT v FROM tx_test ORDER BY v");
    expect(values.map((r) => r.v)).toEqual([1, 2]);
  });

  it("runs Prisma through the thread, with its error codes (P2002) and its transactions", async () => {
    const owner = await ensureOrganiser(db);
    const { event } = await createEvent(db, owner.id, { name: "Thread", timezone: "Europe/Paris" });
    expect(await db.prisma.event.findUnique({ where: { id: event.id } })).toMatchObject({ name: "Thread" });
    const duplicate = await db.prisma.user
      .create({ data: { email: owner.email, passwordHash: "x" } })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate)).toBe(true);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.event.update({ where: { id: event.id }, data: { name: "Renamed" } });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await db.prisma.event.findUnique({ where: { id: event.id } }))?.name).toBe("Thread");
  });

  it("keeps this thread's event loop free while a long statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await db.rows({ n: "int" }, "SELECT count(*)::int AS n FROM generate_series(1, 3000000)");
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // On the server's thread the timer could not fire at all until the statement ended.
    expect(elapsed).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });

  it("refuses a second opening of the folder while this one holds it", async () => {
    await expect(openDatabase({ kind: "embedded", dataDir: dir }, { thread: true })).rejects.toThrow(
      "is in use by process",
    );
  });
});
