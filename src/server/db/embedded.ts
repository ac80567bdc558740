import fs from "node:fs";
import { AppError } from "~/server/errors";
import { workerBundle } from "~/server/workers/location";
import { PrismaClient } from "~/generated/prisma/client";
import { type Database, type Queryable, queryable } from "./client";
import { lockDataDir, restrictDataDir } from "./data-dir";
import { PgliteThread, PgliteThreadAdapterFactory } from "./pglite-thread";

/**
 * PGlite runs one statement at a time: past this many waiting, a request is refused with 503 at once instead
 * of waiting behind hundreds of others (each waits its turn in arrival order, so this also bounds the wait).
 */
const EMBEDDED_MAX_QUEUED = 256;

function boundedQueue() {
  let queued = 0;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (queued >= EMBEDDED_MAX_QUEUED)
      throw new AppError("SERVICE_UNAVAILABLE", "The server is busy: retry shortly", { retryAfterSec: 1 });
    queued++;
    try {
      return await work();
    } finally {
      queued--;
    }
  };
}

/**
 * The embedded database (PGlite) on `dataDir` (null: in memory). The folder is locked for this process and
 * owner-only. With `thread`, PostgreSQL runs in a worker thread (workers/pglite.worker.ts) and this thread
 * only posts statements and reads answers; otherwise on this thread, as a CLI wants it.
 */
export async function openEmbedded(dataDir: string | null, thread: boolean): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    release = lockDataDir(dataDir);
    restrictDataDir(dataDir);
  }
  try {
    const db = thread ? await inWorker(dataDir) : await inThisThread(dataDir);
    // PostgreSQL's start-up rewrites a few files through Emscripten's own chmod (0644): once more after it.
    if (dataDir) restrictDataDir(dataDir);
    const close = db.close;
    return {
      ...db,
      async close() {
        await close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function inWorker(dataDir: string | null): Promise<Database> {
  const thread = new PgliteThread(() => workerBundle("pglite"), dataDir);
  await thread.start();
  const adapterFactory = new PgliteThreadAdapterFactory(thread);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const bounded = boundedQueue();
  const run = (tx?: number) => (sql: string, params: unknown[]) => thread.call("query", { sql, params, tx });
  return {
    kind: "embedded",
    prisma,
    adapterFactory,
    ...queryable((sql, params) => bounded(() => run()(sql, params))),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return bounded(async () => {
        const tx = await thread.call("begin", {});
        let result: T;
        try {
          result = await fn(queryable(run(tx)));
        } catch (error) {
          await thread.call("end", { tx, commit: false }).catch(() => undefined);
          throw error;
        }
        await thread.call("end", { tx, commit: true });
        return result;
      });
    },
    async close() {
      await prisma.$disconnect();
      await thread.close();
    },
  };
}

async function inThisThread(dataDir: string | null): Promise<Database> {
  // Loaded only here: the server, whose database is in the worker, never loads PostgreSQL's WebAssembly itself.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const adapterFactory = new PrismaPGlite(lite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const bounded = boundedQueue();
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
    },
  };
}
