import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "~/generated/prisma/client";
import type { DbConfig } from "./config";

/**
 * One database handle: the Prisma client for ordinary access, and `query` on the underlying driver for the
 * few set-based statements on hot paths (point ingest and read) where the ORM's per-row cost matters.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  kind: DbConfig["kind"];
  prisma: PrismaClient;
  /** Runs `fn` in one SQL transaction on the raw driver: committed when it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

// timestamptz comes back as a Date from both drivers; numbers as JS numbers (float8).
export async function openDatabase(config: DbConfig): Promise<Database> {
  if (config.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    });
    const adapterFactory = new PrismaPg(pool);
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return {
      kind: "postgres",
      prisma,
      adapterFactory,
      async query<T>(sql: string, params: unknown[] = []) {
        return (await pool.query(sql, params)).rows as T[];
      },
      async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const result = await fn({
            async query<R>(sql: string, params: unknown[] = []) {
              return (await client.query(sql, params)).rows as R[];
            },
          });
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
  if (config.dataDir) fs.mkdirSync(config.dataDir, { recursive: true });
  const lite = config.dataDir ? await PGlite.create(config.dataDir) : await PGlite.create();
  const adapterFactory = new PrismaPGlite(lite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: "embedded",
    prisma,
    adapterFactory,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await lite.query<T>(sql, params)).rows;
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return lite.transaction((tx) =>
        fn({
          async query<R>(sql: string, params: unknown[] = []) {
            return (await tx.query<R>(sql, params)).rows;
          },
        }),
      );
    },
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}
