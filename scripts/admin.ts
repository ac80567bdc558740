/**
 * Instance administrators (they manage the organisers' accounts on the dashboard's Administration page):
 *   npm run admin -- --promote someone@example.org
 *   npm run admin -- --demote someone@example.org     (refused for the last administrator)
 * The first account of an instance (the seeded demo organiser, or the first sign-up) is one already.
 * Works whether or not the server is running.
 */
import { parseArgs } from "node:util";
import { executeAdminCommand } from "~/server/admin/client";
import { ZAccountCommand } from "~/server/admin/operations";

const { values } = parseArgs({ options: { promote: { type: "string" }, demote: { type: "string" } } });
const parsed = ZAccountCommand.safeParse({
  op: "admin",
  email: values.promote ?? values.demote,
  admin: values.promote !== undefined,
});
if (!parsed.success || (values.promote && values.demote)) {
  console.error("usage: npm run admin -- --promote <email> | --demote <email>");
  process.exit(2);
}

try {
  const result = await executeAdminCommand(parsed.data);
  if ("admin" in result)
    console.log(`${result.email} is ${result.admin ? "now" : "no longer"} an instance administrator`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
