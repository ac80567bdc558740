/**
 * Issues an API token for an event (created if needed, owned by the default organiser):
 *   npm run --silent token -- --event "Trail des Monts" [--timezone Europe/Paris] [--public] [--label phone]
 *                                    [--scopes tracks:read,tracks:write] [--owner someone@example.org]
 * Prints details on stderr and the raw token as the last line of stdout. Works with the server running or not:
 * the embedded database is reached through the running server's admin socket when there is one.
 */
import { parseArgs } from "node:util";
import { runTokenCommand, type TokenCommandResult, ZTokenCommand } from "~/server/admin/operations";
import { sendAdminCommand } from "~/server/admin/socket";
import { openDatabase } from "~/server/db/client";
import { dbConfigFromEnv } from "~/server/db/config";
import { deployMigrations } from "~/server/db/migrate";

const { values } = parseArgs({
  options: {
    event: { type: "string" },
    timezone: { type: "string" },
    public: { type: "boolean" },
    label: { type: "string" },
    scopes: { type: "string" },
    owner: { type: "string" },
  },
});

const parsed = ZTokenCommand.safeParse({
  op: "token",
  event: values.event,
  timezone: values.timezone,
  public: values.public,
  label: values.label,
  scopes: values.scopes?.split(",").map((s) => s.trim()),
  owner: values.owner,
});
if (!parsed.success) {
  console.error(`usage: npm run --silent token -- --event "<name>"\n${parsed.error.message}`);
  process.exit(2);
}
const command = parsed.data;

async function viaDatabase(): Promise<TokenCommandResult> {
  const db = await openDatabase(config);
  try {
    const [present] = await db.query<{ t: string | null }>(
      "SELECT to_regclass('public.api_tokens')::text AS t",
    );
    if (!present?.t) await deployMigrations(db);
    return await runTokenCommand(db, command);
  } finally {
    await db.close();
  }
}

const config = dbConfigFromEnv();
let result: TokenCommandResult | null = null;
if (config.kind === "embedded" && config.dataDir) {
  const reply = (await sendAdminCommand(config.dataDir, command)) as
    | { ok: true; result: TokenCommandResult }
    | { ok: false; error: string }
    | null;
  if (reply && !reply.ok) {
    console.error(`error: ${reply.error}`);
    process.exit(1);
  }
  result = reply?.result ?? null;
}
result ??= await viaDatabase();
console.error(
  `event "${result.eventName}" (${result.eventId})${result.eventCreated ? " created" : ""}, owner ${result.owner}; token ${result.prefix}…`,
);
console.log(result.token);
