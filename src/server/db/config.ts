import path from "node:path";

/** Where the data lives: PostgreSQL when DATABASE_URL is a postgres URL, else the embedded PGlite folder. */
export type DbConfig = { kind: "postgres"; url: string } | { kind: "embedded"; dataDir: string | null };

export function dbConfigFromEnv(env: Record<string, string | undefined> = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  const dir = url?.startsWith("pglite:")
    ? url.slice("pglite:".length)
    : (env.RUNIFY_DATA_DIR ?? ".data/pglite");
  // "pglite:memory" is an in-memory database (tests of pure services).
  if (dir === "memory") return { kind: "embedded", dataDir: null };
  return { kind: "embedded", dataDir: path.resolve(dir) };
}

export function describeDb(config: DbConfig): string {
  if (config.kind === "postgres") return `PostgreSQL ${config.url.replace(/\/\/[^@/]*@/, "//***@")}`;
  return `embedded PGlite ${config.dataDir ?? "(in memory)"}`;
}
