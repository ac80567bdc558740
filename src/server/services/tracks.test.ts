import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/server/db";
import { openDatabase } from "~/server/db/client";
import { dbConfigFrom } from "~/server/config";
import { AppError } from "~/server/errors";
import { ADMIN_PG_URL, createTestDatabase, type TestDatabase } from "../../../tests/support/server";
import { createEvent } from "./events";
import { ensureOrganiser } from "./organisers";
import { insertPointsBatches, type PointsBatch } from "~/server/db/points";
import { TRACK_ROW } from "~/server/db/tracks";
import { type Point, pointAt } from "~/server/domain/point";
import { createTrack, deleteTrack, finishTrack, updateTrack } from "./tracks";
import { addPoints } from "./points";

// The live bus of this process: no transport (whatever database the test writes to).
process.env.DATABASE_URL = "pglite:memory";
process.env.REDIS_URL = "";

/** Batch `i` of a runner heading north at 3 m/s, one fix a second, five fixes a batch. */
function batch(i: number, t0 = Date.UTC(2026, 5, 14, 7)): Point[] {
  return Array.from({ length: 5 }, (_, k) => {
    const n = i * 5 + k;
    return {
      ...pointAt(t0 + n * 1000, 45 + n * 2.7e-5, 6, 1000 + n * 0.1),
      accuracy: 5,
      speedMps: 3,
      heading: 0,
    };
  });
}

async function sessionsEnded(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_PG_URL });
  await admin.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    for (let i = 0; i < 50; i++) {
      const [row] = (
        await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
          [name],
        )
      ).rows;
      if (!row?.n) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.end();
  }
}

describe.each(["embedded", "postgres"] as const)("addPoints on %s", (kind) => {
  let database: TestDatabase;
  let db: Database;
  let event: { id: string; timezone: string };

  beforeAll(async () => {
    database = await createTestDatabase(kind, "svc");
    db = await openDatabase(dbConfigFrom(database.url));
    const owner = await ensureOrganiser(db);
    const created = await createEvent(db, owner.id, { name: "e", timezone: "Europe/Paris" });
    event = { id: created.event.id, timezone: created.event.timezone };
  });
  afterAll(async () => {
    await db?.close();
    // The pool's close does not wait for its sessions to end; dropping the database would kill them mid-way.
    if (kind === "postgres") await sessionsEnded(database.url);
    await database?.drop();
  });

  let device = 0;
  const newTrack = async () =>
    (await createTrack(db, event, { deviceTrackId: `d${device++}`, activityType: "run" })).id;
  const track = async (id: string) => {
    const [row] = await db.rows(TRACK_ROW, "SELECT * FROM tracks WHERE id = $1", [id]);
    if (!row) throw new Error(`no track ${id}`);
    return row;
  };
  const logOf = (id: string) =>
    db.rows(
      { seq: "int", min_ts: "timestamp" },
      "SELECT seq, min_ts FROM live_batches WHERE track_id = $1 AND kind = 'points' ORDER BY seq",
      [id],
    );
  const versionOf = async (id: string) =>
    (await db.rows({ version: "text" }, "SELECT xmin::text AS version FROM tracks WHERE id = $1", [id]))[0]
      ?.version ?? "";
  const insertOne = async (b: PointsBatch) => (await insertPointsBatches(db, b.eventId, [b]))[0];
  const scope = () => ({ eventId: event.id });

  it("writes nothing when the track changed since it was read, and all of it when it did not", async () => {
    const id = await newTrack();
    const version = await versionOf(id);
    await updateTrack(db, scope(), id, { title: "renamed" });
    const stale = await insertOne({
      trackId: id,
      eventId: event.id,
      version,
      points: batch(0),
      liveStats: {},
    });
    expect(stale).toEqual({ gated: false, inserted: 0, track: null, seq: null, version: null });
    expect((await track(id)).points_count).toBe(0);
    expect(await logOf(id)).toEqual([]);

    const fresh = await insertOne({
      trackId: id,
      eventId: event.id,
      version: await versionOf(id),
      points: batch(0),
      liveStats: {},
    });
    expect(fresh).toMatchObject({ gated: true, inserted: 5, track: { id, pointsCount: 5 } });
    expect((await logOf(id)).map((r) => r.seq)).toEqual([fresh?.seq]);
    // The version it returns is the row's: the next batch can be gated on it without reading the track.
    expect(fresh?.version).toBe(await versionOf(id));
  });

  it("reads a track once for its batches, and again only when the row changed meanwhile", async () => {
    const id = await newTrack();
    // One database object throughout: what this process wrote is remembered per database.
    let reads = 0;
    let lockedReads = 0;
    const spy: Database = {
      ...db,
      async rows(spec, sql, params) {
        if (sql.includes("AS row_version FROM tracks t")) reads++;
        return db.rows(spec, sql, params);
      },
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            ...tx,
            rows: (spec, sql, params) => {
              if (sql.includes("AS row_version FROM tracks t") && sql.includes("FOR UPDATE")) lockedReads++;
              return tx.rows(spec, sql, params);
            },
          }),
        ),
    };
    await addPoints(spy, scope(), id, batch(0));
    await addPoints(spy, scope(), id, batch(1));
    expect([reads, lockedReads]).toEqual([1, 0]);
    // Renamed on another instance (or by the organiser): the stale version fails the gate, the track is read
    // again and the grouped write tried once more (no row lock), keeping the new title and every batch's totals.
    await updateTrack(db, scope(), id, { title: "renamed between batches" });
    await addPoints(spy, scope(), id, batch(2));
    expect([reads, lockedReads]).toEqual([2, 0]);
    await addPoints(spy, scope(), id, batch(3));
    expect([reads, lockedReads]).toEqual([2, 0]);
    const row = await track(id);
    expect(row).toMatchObject({ title: "renamed between batches", points_count: 20 });
    expect(await logOf(id)).toHaveLength(4);
    const replay = await newTrack();
    for (const i of [0, 1, 2, 3]) await addPoints(db, scope(), replay, batch(i));
    expect(row.live_stats).toEqual((await track(replay)).live_stats);
  });

  it("answers from a written track only within its scope, and NOT_FOUND once it is deleted", async () => {
    const id = await newTrack();
    await addPoints(db, scope(), id, batch(0));
    const other = await createEvent(db, (await ensureOrganiser(db)).id, { name: `other-${device}` });
    await expect(addPoints(db, { eventId: other.event.id }, id, batch(1))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      addPoints(db, { eventId: event.id, participantId: crypto.randomUUID() }, id, batch(1)),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deleteTrack(db, scope(), id);
    await expect(addPoints(db, scope(), id, batch(1))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await db.rows({ n: "int" }, "SELECT count(*)::int AS n FROM points WHERE track_id = $1", [id]),
    ).toEqual([{ n: 0 }]);
  });

  it("falls back to the row lock when the track changes between its read and its write", async () => {
    const id = await newTrack();
    let changed = false;
    // The first read of the track is answered, then the track is renamed before the batch is written.
    const racing: Database = {
      ...db,
      async rows(spec, sql, params) {
        const rows = await db.rows(spec, sql, params);
        if (!changed && sql.includes("xmin::text")) {
          changed = true;
          await updateTrack(db, scope(), id, { title: "renamed meanwhile" });
        }
        return rows;
      },
    };
    await addPoints(racing, scope(), id, batch(0));
    expect(changed).toBe(true);
    const row = await track(id);
    expect(row).toMatchObject({ title: "renamed meanwhile", points_count: 5 });
    expect(row.live_stats).not.toBeNull();
    expect(await logOf(id)).toHaveLength(1);
  });

  it("gives concurrent batches of one track exact counts and the totals of the same batches one by one", async () => {
    const id = await newTrack();
    const batches = Array.from({ length: 20 }, (_, i) => batch(i));
    await Promise.all(batches.map((points) => addPoints(db, scope(), id, points)));
    const row = await track(id);
    expect(row.points_count).toBe(100);
    const log = await logOf(id);
    expect(log).toHaveLength(20);
    // Sequence numbers are consecutive (none lost or doubled) whatever the interleaving.
    const seqs = log.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));

    // The same batches one at a time, in the order they committed: each saw the totals of the one before.
    const order = log.map((r) => batches.findIndex((b) => b[0]?.ts === new Date(r.min_ts).getTime()));
    const replay = await newTrack();
    for (const i of order) await addPoints(db, scope(), replay, batches[i] ?? []);
    const replayed = await track(replay);
    expect(replayed.points_count).toBe(100);
    expect(row.live_stats).toEqual(replayed.live_stats);
  });

  it("changes nothing for a retried batch", async () => {
    const id = await newTrack();
    await addPoints(db, scope(), id, batch(0));
    const before = await track(id);
    await addPoints(db, scope(), id, [...batch(0)].reverse());
    expect(await track(id)).toEqual(before);
    expect(await logOf(id)).toHaveLength(1);
  });

  it("keeps its answers: NOT_FOUND for another event's track, points still taken by a stopped track", async () => {
    const id = await newTrack();
    const other = await createEvent(db, (await ensureOrganiser(db)).id, { name: `other-${device}` });
    const error = await addPoints(db, { eventId: other.event.id }, id, batch(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
    await expect(addPoints(db, scope(), "not-a-uuid", batch(0))).rejects.toMatchObject({ code: "NOT_FOUND" });

    await addPoints(db, scope(), id, batch(0));
    await finishTrack(db, scope(), id);
    await addPoints(db, scope(), id, batch(1));
    expect(await track(id)).toMatchObject({ state: "stopped", points_count: 10 });
  });

  it("writes the concurrent batches of many tracks together, each with its own seq", async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => newTrack()));
    const [{ live_seq: before } = { live_seq: 0 }] = await db.rows(
      { live_seq: "int" },
      "SELECT live_seq FROM events WHERE id = $1",
      [event.id],
    );
    const statements: string[] = [];
    const counting: Database = {
      ...db,
      rows(spec, sql, params) {
        if (sql.includes("INSERT INTO live_batches")) statements.push(sql);
        return db.rows(spec, sql, params);
      },
    };
    await Promise.all(ids.map((id) => addPoints(counting, scope(), id, batch(0))));
    // Fewer statements than batches: the batches that came while one was on its way went in the next one.
    expect(statements.length).toBeLessThan(ids.length);
    const seqs = (
      await db.rows(
        { seq: "int" },
        "SELECT seq FROM live_batches WHERE event_id = $1 AND seq > $2 ORDER BY seq",
        [event.id, before],
      )
    ).map((r) => r.seq);
    expect(seqs).toEqual(ids.map((_, i) => before + 1 + i));
    for (const id of ids) expect((await track(id)).points_count).toBe(5);
  });

  it("fails a bad batch alone when it shares a statement with others", async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => newTrack()));
    // A NUL character, which PostgreSQL text refuses: the statement holding this batch fails.
    const bad = batch(0).map((p) => ({ ...p, origin: "gps\u0000" }));
    const results = await Promise.allSettled(
      ids.map((id, i) => addPoints(db, scope(), id, i === 3 ? bad : batch(0))),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map((_, i) => (i === 3 ? "rejected" : "fulfilled")));
    for (const [i, id] of ids.entries()) expect((await track(id)).points_count).toBe(i === 3 ? 0 : 5);
  });
});
