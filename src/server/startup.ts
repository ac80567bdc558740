import { startAdminSocket } from "./admin/socket";
import { startBus } from "./bus";
import { config, describeDb } from "./config";
import { getDb } from "./db";
import { pruneLiveLog } from "./db/live-log";
import { createEdge } from "./http/edge";
import { processSingleton } from "./process-singleton";
import { startRaceProgress } from "./services/race-live";
import { startTrackerSweep } from "./services/trackers";
import { prestartCpuWorker } from "./workers/cpu-tasks";

/**
 * Server start (src/instrumentation.ts, inside the app's bundle): validates the configuration (a bad value
 * stops the server here, every problem named), opens the database, starts the instance bus and registers the
 * HTTP edge that scripts/serve.mjs hands every request to.
 */
export async function startServer(): Promise<void> {
  const c = config();
  const db = await getDb();
  if (c.db.kind === "embedded" && c.db.dataDir) startAdminSocket(db, c.db.dataDir);
  startBus();
  startRaceProgress(getDb);
  const prune = () =>
    void pruneLiveLog(db, c.live.logRetentionHours).catch((error) => console.error("[live] prune", error));
  setInterval(prune, 10 * 60_000).unref();
  startTrackerSweep(db);
  prestartCpuWorker();
  processSingleton("edge", createEdge);
  console.log(`[runify] database: ${describeDb(c.db)}`);
}
