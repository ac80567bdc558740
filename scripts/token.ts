/**
 * Issues an API token for an event (created if needed, owned by the default organiser):
 *   npm run --silent token -- --event "Trail des Monts" [--timezone Europe/Paris] [--public] [--label phone]
 *                                    [--scopes tracks:read,tracks:write] [--owner someone@example.org]
 *                                    [--expires-in 2592000]   (the token stops working after that many seconds)
 *   npm run --silent token -- --revoke <token>
 *   npm run --silent token -- --share --event "Trail des Monts" [--expires-in 86400]   (a live share link key)
 * Details go to stderr; the raw token is the last line of stdout. Works whether or not the server is running.
 */
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import { ZAdminCommand } from "~/server/admin/operations";

const { values } = parseArgs({
  options: {
    event: { type: "string" },
    timezone: { type: "string" },
    public: { type: "boolean" },
    label: { type: "string" },
    scopes: { type: "string" },
    owner: { type: "string" },
    revoke: { type: "string" },
    share: { type: "boolean" },
    "expires-in": { type: "string" },
  },
});

const parsed = ZAdminCommand.safeParse(
  values.revoke
    ? { op: "revoke", token: values.revoke }
    : values.share
      ? {
          op: "share",
          event: values.event,
          owner: values.owner,
          expires_in_sec: values["expires-in"] ? Number(values["expires-in"]) : undefined,
        }
      : {
          op: "token",
          event: values.event,
          timezone: values.timezone,
          public: values.public,
          label: values.label,
          scopes: values.scopes?.split(",").map((s) => s.trim()),
          owner: values.owner,
          expires_in_sec: values["expires-in"] ? Number(values["expires-in"]) : undefined,
        },
);
if (!parsed.success) {
  console.error(
    `usage: npm run --silent token -- --event "<name>" | --revoke <token>\n${parsed.error.message}`,
  );
  process.exit(2);
}

try {
  const result = await executeAdminCommand(parsed.data);
  if ("revoked" in result) {
    console.error(`token ${result.revoked}… revoked`);
  } else if ("shareKey" in result) {
    console.error(`share link for event ${result.eventId}: /live/${result.eventId}?share=${result.shareKey}`);
    console.log(result.shareKey);
  } else if ("token" in result) {
    const created = result.eventCreated ? " created" : "";
    console.error(
      `event "${result.eventName}" (${result.eventId})${created}, owner ${result.owner}; token ${result.prefix}…`,
    );
    console.log(result.token);
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
