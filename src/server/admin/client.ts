import { openDatabase } from "~/server/db/client";
import { dbConfigFromEnv } from "~/server/db/config";
import { deployMigrations } from "~/server/db/migrate";
import { type AdminCommandResult, runAdminCommand, type TAdminCommand } from "./operations";
import { sendAdminCommand } from "./socket";

type Reply = { ok: true; result: AdminCommandResult } | { ok: false; error: string };

/**
 * Runs an operator command wherever the data is: through the running server's admin socket for the embedded
 * database (PGlite allows one process per folder), else straight on the database.
 */
export async function executeAdminCommand(command: TAdminCommand): Promise<AdminCommandResult> {
  const config = dbConfigFromEnv();
  if (config.kind === "embedded" && config.dataDir) {
    const reply = (await sendAdminCommand(config.dataDir, command)) as Reply | null;
    if (reply && !reply.ok) throw new Error(reply.error);
    if (reply) return reply.result;
  }
  const db = await openDatabase(config);
  try {
    const [present] = await db.query<{ t: string | null }>(
      "SELECT to_regclass('public.api_tokens')::text AS t",
    );
    if (!present?.t) await deployMigrations(db);
    return await runAdminCommand(db, command);
  } finally {
    await db.close();
  }
}
