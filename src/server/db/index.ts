import { config } from "~/server/config";
import { processSingleton } from "~/server/process-singleton";
import { type Database, openDatabase } from "./client";

export type { Database, Queryable } from "./client";

/**
 * The process-wide database, opened on first use (never at build time). One per process whatever bundle asks
 * (see processSingleton): PGlite allows one instance per data folder.
 */
export function getDb(): Promise<Database> {
  return processSingleton("db", () => {
    const c = config();
    return openDatabase(c.db, { poolSize: c.dbPoolSize, thread: c.embeddedThread });
  });
}
