import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZUpdateEventRequest } from "~/server/api/schemas/event";
import type { Database } from "~/server/db";
import { openDatabase } from "~/server/db/client";
import { deployMigrations } from "~/server/db/migrate";
import { AppError } from "~/server/errors";
import { createEvent, deleteEvent, updateEvent } from "./events";
import { ensureOrganiser } from "./organisers";
import { authenticateToken, issueToken, revokeToken, revokeTokenByValue } from "./tokens";

// The live bus of this process: no transport (embedded database, no Redis).
process.env.DATABASE_URL = "pglite:memory";
process.env.REDIS_URL = "";

let db: Database;
let ownerId: string;
/** Statements sent through the raw driver (token lookups and last_used_at writes go there). */
let queries: string[] = [];
/** While set, each query's result is held until it resolves (a lookup still in flight). */
let hold: Promise<void> | null = null;
let counted: Database;

beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: null });
  await deployMigrations(db);
  ownerId = (await ensureOrganiser(db)).id;
  counted = {
    ...db,
    async rows(spec, sql, params) {
      queries.push(sql);
      const rows = await db.rows(spec, sql, params);
      if (hold) await hold;
      return rows;
    },
    async execute(sql, params) {
      queries.push(sql);
      return db.execute(sql, params);
    },
  };
});
afterAll(async () => {
  await db?.close();
});

async function newToken(name = `e-${Math.random()}`) {
  const { event, token } = await createEvent(db, ownerId, { name, timezone: "Europe/Paris" });
  return { eventId: event.id, tokenId: token.id, raw: token.raw };
}

const lookups = () => queries.filter((q) => q.includes("FROM api_tokens")).length;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("authenticateToken's cache", () => {
  it("answers a known token from memory within the TTL, then reads it again", async () => {
    const { raw, eventId } = await newToken();
    queries = [];
    const first = await authenticateToken(counted, raw);
    const second = await authenticateToken(counted, raw);
    expect(second).toEqual(first);
    expect(first.eventId).toBe(eventId);
    expect(lookups()).toBe(1);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 5_001 });
    try {
      await authenticateToken(counted, raw);
      expect(lookups()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("still writes last_used_at at most once a minute", async () => {
    const { raw } = await newToken();
    queries = [];
    for (let i = 0; i < 3; i++) await authenticateToken(counted, raw);
    expect(queries.filter((q) => q.includes("last_used_at")).length).toBe(1);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      await authenticateToken(counted, raw);
      expect(queries.filter((q) => q.includes("last_used_at")).length).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses an expired token even while its lookup is cached, without reading it again", async () => {
    const { eventId } = await newToken();
    const expiresAt = new Date(Date.now() + 1_000);
    const { raw } = await issueToken(db, eventId, { label: "short", expiresAt });
    queries = [];
    await authenticateToken(counted, raw);
    vi.useFakeTimers({ toFake: ["Date"], now: expiresAt.getTime() + 1 });
    try {
      const error = await rejection(authenticateToken(counted, raw));
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toBe(`This API token expired at ${expiresAt.toISOString()}`);
      expect(lookups()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("never keeps an unknown token: one issued later works at once", async () => {
    queries = [];
    for (let i = 0; i < 2; i++) {
      const error = await rejection(authenticateToken(counted, "rfy_unknown"));
      expect(error.code).toBe("UNAUTHORIZED");
    }
    expect(lookups()).toBe(2);
  });

  it("refuses a token revoked here at once, by id or by value, and keeps that answer", async () => {
    const a = await newToken();
    await authenticateToken(counted, a.raw);
    await revokeToken(db, a.eventId, a.tokenId);
    expect((await rejection(authenticateToken(counted, a.raw))).message).toMatch(/revoked/);

    const b = await newToken();
    await authenticateToken(counted, b.raw);
    await revokeTokenByValue(db, b.raw);
    queries = [];
    expect((await rejection(authenticateToken(counted, b.raw))).message).toMatch(/revoked/);
    expect((await rejection(authenticateToken(counted, b.raw))).message).toMatch(/revoked/);
    expect(lookups()).toBe(1);
  });

  it("forgets the tokens of a deleted event, and the old timezone of an edited one", async () => {
    const gone = await newToken();
    await authenticateToken(counted, gone.raw);
    await deleteEvent(db, ownerId, gone.eventId);
    expect((await rejection(authenticateToken(counted, gone.raw))).code).toBe("UNAUTHORIZED");

    const name = `tz-${Math.random()}`;
    const moved = await newToken(name);
    expect((await authenticateToken(counted, moved.raw)).timezone).toBe("Europe/Paris");
    await updateEvent(
      db,
      ownerId,
      ZUpdateEventRequest.parse({
        id: moved.eventId,
        name,
        date: "2026-06-14",
        time: "09:30",
        timezone: "Asia/Tokyo",
        start: { lat: 45, lon: 6 },
      }),
    );
    expect((await authenticateToken(counted, moved.raw)).timezone).toBe("Asia/Tokyo");
  });

  it("does not keep a lookup that was in flight while the token was revoked", async () => {
    const { raw, eventId, tokenId } = await newToken();
    let release = () => {};
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Read before the revocation: this request still passes, as it would have without a cache.
    const inFlight = authenticateToken(counted, raw);
    await new Promise((r) => setTimeout(r, 50));
    hold = null;
    await revokeToken(db, eventId, tokenId);
    // A request after the revocation does not share that read.
    expect((await rejection(authenticateToken(counted, raw))).message).toMatch(/revoked/);
    release();
    expect((await inFlight).tokenId).toBe(tokenId);
    expect((await rejection(authenticateToken(counted, raw))).message).toMatch(/revoked/);
  });

  it("reads a token once for requests that arrive together", async () => {
    const { raw, tokenId } = await newToken();
    queries = [];
    const all = await Promise.all(Array.from({ length: 5 }, () => authenticateToken(counted, raw)));
    expect(all.map((a) => a.tokenId)).toEqual(all.map(() => tokenId));
    expect(lookups()).toBe(1);
  });
});
