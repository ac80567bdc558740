import { startAdminSocket } from "./admin/socket";
import { getDb } from "./db";
import { dbConfigFromEnv, describeDb } from "./db/config";

/** Opens the database at start-up (not on the first request), and the admin socket of the embedded one. */
export async function startServer(): Promise<void> {
  const config = dbConfigFromEnv();
  const db = await getDb();
  if (config.kind === "embedded" && config.dataDir) startAdminSocket(db, config.dataDir);
  console.log(`[runify] database: ${describeDb(config)}`);
}
