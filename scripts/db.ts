/**
 * Database helper (offline-safe replacement for `prisma migrate`):
 *   tsx scripts/db.ts deploy        apply committed migrations
 *   tsx scripts/db.ts dev <name>    create a migration from schema changes (on the embedded database)
 *   tsx scripts/db.ts status        show migration history diagnostics
 *   tsx scripts/db.ts reset         drop everything, then deploy
 */
import { openDatabase } from "~/server/db/client";
import { config, describeDb } from "~/server/config";
import { createMigration, deployMigrations, migrationStatus, resetDatabase } from "~/server/db/migrate";

const [command = "deploy", name = "migration"] = process.argv.slice(2);
const target = config().db;
const db = await openDatabase(target);
try {
  if (command === "deploy") {
    const applied = await deployMigrations(db);
    console.error(
      `${describeDb(target)}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`,
    );
  } else if (command === "dev") {
    const created = await createMigration(db, name);
    console.error(created ? `created prisma/migrations/${created}` : "schema unchanged: no migration");
  } else if (command === "status") {
    console.log(JSON.stringify(await migrationStatus(db), null, 2));
  } else if (command === "reset") {
    await resetDatabase(db);
    const applied = await deployMigrations(db);
    console.error(`reset ${describeDb(target)}; applied ${applied.length} migration(s)`);
  } else {
    console.error(`unknown command ${command}`);
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
