import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { DbConfig } from "~/server/config";
import { PrismaClient } from "~/generated/prisma/client";
import { openEmbedded } from "./embedded";
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

export type RawQuery = (sql: string, params: unknown[]) => Promise<{ rows: unknown[]; affected: number }>;

export function queryable(run: RawQuery): Queryable {
  return {
    async rows(spec, sql, params = []) {
      return checkRows(spec, (await run(sql, params)).rows, sql.trim().slice(0, 60));
    },
    async execute(sql, params = []) {
      return (await run(sql, params)).affected;
    },
  };
}

// timestamptz comes back as a Date from both drivers; numbers as JS numbers (float8, int4).
export interface OpenOptions {
  /** PostgreSQL connections (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /**
   * The embedded database in a worker thread of its own (the server: its event loop never waits on a query),
   * rather than on this thread (CLIs, scripts and unit tests, which have nothing else to do meanwhile).
   */
  thread?: boolean;
}

export async function openDatabase(config: DbConfig, opts: OpenOptions = {}): Promise<Database> {
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
  return openEmbedded(config.dataDir, opts.thread ?? false);
}
