import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "~/server/db/client";
import { dbConfigFrom } from "~/server/config";
import { deployMigrations } from "~/server/db/migrate";

export const ADMIN_PG_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the kind asked for: a temporary PGlite folder or a new PostgreSQL database. */
export async function createTestDatabase(kind: "embedded" | "postgres", label = "t"): Promise<TestDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  if (kind === "embedded") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `runify-${label}-`));
    url = `pglite:${dir}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `runify_test_${label}_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: ADMIN_PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = ADMIN_PG_URL.replace(/\/[^/]*$/, `/${name}`);
    drop = async () => {
      const c = new pg.Client({ connectionString: ADMIN_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const db = await openDatabase(dbConfigFrom(url));
  try {
    await deployMigrations(db);
  } finally {
    await db.close();
  }
  return { url, drop };
}

export interface TestServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts the built app (`scripts/serve.mjs`, as `npm start`) against `databaseUrl` on `env.PORT`, else on a
 * free port; resolves once it answers.
 */
export async function startServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // RUNIFY_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = (process.env.RUNIFY_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.resolve("scripts/serve.mjs"), "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: databaseUrl,
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        NEXTAUTH_SECRET: "test-secret",
        // The server stops when this process's end of its stdin closes: when this process ends, whatever way.
        RUNIFY_STOP_WITH_STDIN: "1",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/openapi.json`);
      if (res.ok && output.includes("[runify] database")) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
