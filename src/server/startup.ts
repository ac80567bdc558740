import { startAdminSocket } from "./admin/socket";
import { startLiveBus } from "./services/live-bus";
import { pruneLiveLog } from "./services/live-view";
import { getDb } from "./db";
import { dbConfigFromEnv, describeDb } from "./db/config";

/** Opens the database at start-up (not on the first request), and the admin socket of the embedded one. */
export async function startServer(): Promise<void> {
  const config = dbConfigFromEnv();
  const db = await getDb();
  if (config.kind === "embedded" && config.dataDir) startAdminSocket(db, config.dataDir);
  startLiveBus();
  const prune = () => void pruneLiveLog(db).catch((error) => console.error("[live] prune", error));
  setInterval(prune, 10 * 60_000).unref();
  console.log(`[runify] database: ${describeDb(config)}`);
}
