import { openDatabase } from "~/server/db/client";
import { config, type DbConfig } from "~/server/config";
import { deployMigrations, isMigrated } from "~/server/db/migrate";
import { type AdminCommandResult, runAdminCommand, type TAdminCommand } from "./operations";
import { sendAdminCommand } from "./socket";

type Reply = { ok: true; result: AdminCommandResult } | { ok: false; error: string };

/**
 * Runs an operator command wherever the data is: through the running server's admin socket for the embedded
 * database (PGlite allows one process per folder), else straight on the database.
 */
export async function executeAdminCommand(
  command: TAdminCommand,
  target: DbConfig = config().db,
): Promise<AdminCommandResult> {
  if (target.kind === "embedded" && target.dataDir) {
    const reply = (await sendAdminCommand(target.dataDir, command)) as Reply | null;
    if (reply && !reply.ok) throw new Error(reply.error);
    if (reply) return reply.result;
  }
  const db = await openDatabase(target);
  try {
    if (!(await isMigrated(db))) await deployMigrations(db);
    return await runAdminCommand(db, command);
  } finally {
    await db.close();
  }
}
