import { type Database, openDatabase } from "./client";
import { dbConfigFromEnv } from "./config";

export type { Database, Queryable } from "./client";

const globalForDb = globalThis as unknown as { runifyDb?: Promise<Database> };

/**
 * The process-wide database. Opened lazily (never at build time) and kept on globalThis so that hot reloads
 * in development do not open PGlite twice: PGlite allows one process, one instance per data folder.
 */
export function getDb(): Promise<Database> {
  globalForDb.runifyDb ??= openDatabase(dbConfigFromEnv());
  return globalForDb.runifyDb;
}
