import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { config } from "~/server/config";
import type { Database } from "./client";

/**
 * Prisma's schema engine in WebAssembly, driven through our own driver adapter: `prisma migrate` would
 * download a native engine at start-up, which fails offline. Same migration folders and lock file as the CLI.
 */
const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type Runtime = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let runtimePromise: Promise<Runtime> | null = null;

/** Loads the engine once per process: its JS glue keeps module-level views of one wasm memory. */
function loadEngineRuntime(): Promise<Runtime> {
  runtimePromise ??= instantiateEngine();
  return runtimePromise;
}

async function instantiateEngine(): Promise<Runtime> {
  // The package is a wasm-bindgen "bundler" build: Node 20 cannot import the .wasm, so instantiate it by hand.
  const require = createRequire(import.meta.url);
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const runtime: Runtime = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { "./schema_engine_bg.js": runtime });
  runtime.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  return runtime;
}

function readMigrations(): MigrationList {
  const dirs = fs.existsSync(MIGRATIONS_DIR)
    ? fs
        .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(MIGRATIONS_DIR, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok", value: fs.readFileSync(file, "utf8") }
            : { tag: "error", value: `missing ${file}` },
        },
      };
    }),
  };
}

async function withEngine<T>(db: Database, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const runtime = await loadEngineRuntime();
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const log = (msg: string) => {
    if (config().migrateDebug) console.error(msg);
  };
  const engine = await runtime.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(db.adapterFactory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** Whether the database holds Runify's tables at all (a fresh one does not). */
export async function isMigrated(db: Database): Promise<boolean> {
  const [row] = await db.rows({ t: "text?" }, "SELECT to_regclass('public.api_tokens')::text AS t");
  return Boolean(row?.t);
}

/** Applies the committed migrations that the database lacks; returns their names. */
export async function deployMigrations(db: Database): Promise<string[]> {
  return withEngine(db, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/**
 * Development: writes a migration for the difference between the migrated database and schema.prisma.
 * Run it on a scratch embedded database: the engine diffs the live database (the adapter's connection)
 * against the schema, which needs no shadow database.
 */
export async function createMigration(db: Database, name: string): Promise<string | null> {
  return withEngine(db, async (engine) => {
    await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTER });
    const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
    const files = [{ path: SCHEMA_PATH, content: schema }];
    const out = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: path.dirname(SCHEMA_PATH) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = out.stdout?.trim() ?? "";
    if (!sql || sql.startsWith("-- This is an empty migration")) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dirName = `${stamp}_${name.replace(/\W+/g, "_")}`;
    fs.mkdirSync(path.join(MIGRATIONS_DIR, dirName), { recursive: true });
    fs.writeFileSync(path.join(MIGRATIONS_DIR, dirName, "migration.sql"), `${sql}\n`);
    const lock = path.join(MIGRATIONS_DIR, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      fs.writeFileSync(
        lock,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
      );
    }
    await engine.applyMigrations({ migrationsList: readMigrations(), filters: NO_FILTER });
    return dirName;
  });
}

export async function migrationStatus(db: Database) {
  return withEngine(db, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: readMigrations(),
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    }),
  );
}

export async function resetDatabase(db: Database): Promise<void> {
  await withEngine(db, (engine) => engine.reset({ filter: NO_FILTER }));
}
