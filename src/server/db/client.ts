import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { DbConfig } from "~/server/config";
import { AppError } from "~/server/errors";
import { PrismaClient } from "~/generated/prisma/client";
import { lockDataDir, restrictDataDir } from "./data-dir";
import { checkRows, type Row, type RowSpec } from "./rows";

/**
 * Raw SQL, for the repositories under db/ only: set-based statements on hot paths (point ingest and reads,
 * live snapshots) where the ORM's per-row cost matters. Every read names its row shape (rows.ts).
 */
export interface Queryable {
  /** Rows of a query, checked against `spec`. */
  rows<S extends RowSpec>(spec: S, sql: string, params?: unknown[]): Promise<Row<S>[]>;
  /** A statement whose rows nobody reads; resolves to the number of rows it touched. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

export interface Database extends Queryable {
  kind: DbConfig["kind"];
  prisma: PrismaClient;
  /** Runs `fn` in one SQL transaction on the raw driver: committed when it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

type RawQuery = (sql: string, params: unknown[]) => Promise<{ rows: unknown[]; affected: number }>;

function queryable(run: RawQuery): Queryable {
  return {
    async rows(spec, sql, params = []) {
      return checkRows(spec, (await run(sql, params)).rows, sql.trim().slice(0, 60));
    },
    async execute(sql, params = []) {
      return (await run(sql, params)).affected;
    },
  };
}

/**
 * PGlite runs every query on this process's thread, one at a time: past this many waiting, a request is
 * refused with 503 at once instead of waiting behind hundreds of others.
 */
const EMBEDDED_MAX_QUEUED = 256;

// timestamptz comes back as a Date from both drivers; numbers as JS numbers (float8, int4).
export async function openDatabase(config: DbConfig, opts: { poolSize?: number } = {}): Promise<Database> {
  if (config.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: config.url, max: opts.poolSize ?? 10 });
    // An idle connection the server dropped (restart, failover) must not crash the process: the pool
    // replaces it, and the next query reports the outage to its caller.
    pool.on("error", (error) => console.error("[db] idle connection lost:", error.message));
    const adapterFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    const run: RawQuery = async (sql, params) => {
      const result = await pool.query(sql, params);
      return { rows: result.rows, affected: result.rowCount ?? 0 };
    };
    return {
      kind: "postgres",
      prisma,
      adapterFactory,
      ...queryable(run),
      async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const result = await fn(
            queryable(async (sql, params) => {
              const r = await client.query(sql, params);
              return { rows: r.rows, affected: r.rowCount ?? 0 };
            }),
          );
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  let release = () => {};
  if (config.dataDir) {
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    release = lockDataDir(config.dataDir);
    restrictDataDir(config.dataDir);
  }
  let lite: PGlite;
  try {
    lite = config.dataDir ? await PGlite.create(config.dataDir) : await PGlite.create();
    // PostgreSQL's start-up rewrites a few files through Emscripten's own chmod (0644): once more after it.
    if (config.dataDir) restrictDataDir(config.dataDir);
  } catch (error) {
    release();
    throw error;
  }
  const adapterFactory = new PrismaPGlite(lite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  let queued = 0;
  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (queued >= EMBEDDED_MAX_QUEUED)
      throw new AppError("SERVICE_UNAVAILABLE", "The server is busy: retry shortly", { retryAfterSec: 1 });
    queued++;
    try {
      return await work();
    } finally {
      queued--;
    }
  };
  return {
    kind: "embedded",
    prisma,
    adapterFactory,
    ...queryable((sql, params) =>
      bounded(async () => {
        const r = await lite.query(sql, params);
        return { rows: r.rows, affected: r.affectedRows ?? 0 };
      }),
    ),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return bounded(() =>
        lite.transaction((tx) =>
          fn(
            queryable(async (sql, params) => {
              const r = await tx.query(sql, params);
              return { rows: r.rows, affected: r.affectedRows ?? 0 };
            }),
          ),
        ),
      );
    },
    async close() {
      await prisma.$disconnect();
      await lite.close();
      release();
    },
  };
}
