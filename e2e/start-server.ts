/**
 * Playwright's web server: the BUILT app (`scripts/serve.mjs`, as `npm start`) on a fresh embedded database in a temporary folder,
 * migrated and seeded, plus the fake tile server. Run `next build` first (scripts/test.sh does).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~/server/db/client";
import { dbConfigFrom } from "~/server/config";
import { deployMigrations } from "~/server/db/migrate";
import { DEFAULT_ORGANISER_EMAIL, ensureOrganiser } from "~/server/services/organisers";
import { startTileServer } from "./support/tile-server";
import { E2E_PORT, E2E_TILE_PORT } from "./support/ports";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runify-e2e-"));
const databaseUrl = `pglite:${dir}`;
// The tile proxy's cache of this run alone: tiles cached by an earlier run would hide the fetches.
const tileCache = fs.mkdtempSync(path.join(os.tmpdir(), "runify-e2e-tiles-"));

const db = await openDatabase(dbConfigFrom(databaseUrl));
try {
  await deployMigrations(db);
  await ensureOrganiser(db, {
    email: DEFAULT_ORGANISER_EMAIL,
    name: "Demo organiser",
    password: "runify-demo",
  });
} finally {
  await db.close();
}

const tiles = await startTileServer(E2E_TILE_PORT);
const origin = `http://127.0.0.1:${E2E_PORT}`;
const next = spawn(
  process.execPath,
  [path.resolve("scripts/serve.mjs"), "-p", String(E2E_PORT), "-H", "127.0.0.1"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_URL: origin,
      NEXTAUTH_SECRET: "e2e-secret-not-for-production",
      MAP_TILE_URL: `http://127.0.0.1:${E2E_TILE_PORT}/{z}/{x}/{y}.png`,
      MAP_TILE_ATTRIBUTION: "Fake tiles (e2e)",
      MAP_TILE_CACHE_DIR: tileCache,
      RATE_LIMIT_MAX: "0",
      // Every spec signs the demo organiser in (more than 10 times in 15 minutes, all from 127.0.0.1): the
      // password budgets are tested by the API suite's limited server, not here.
      SIGNIN_RATE_LIMIT_MAX: "10000",
      SIGNIN_RATE_LIMIT_IP_MAX: "100000",
    },
  },
);

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  tiles.close();
  // PGlite has flushed once next exits; the folder is ours alone.
  const done = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tileCache, { recursive: true, force: true });
    process.exit(code);
  };
  if (next.exitCode !== null) done();
  else next.once("exit", done);
  setTimeout(done, 5000).unref();
}
next.on("exit", (code) => stop(code ?? 0));
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
