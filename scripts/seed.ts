/** Seeds the demo organiser (and prints how to sign in). Idempotent. */
import { openDatabase } from "~/server/db/client";
import { config } from "~/server/config";
import { DEFAULT_ORGANISER_EMAIL, ensureOrganiser } from "~/server/services/organisers";

const password = process.env.RUNIFY_DEMO_PASSWORD ?? "runify-demo";
const db = await openDatabase(config().db);
try {
  const organiser = await ensureOrganiser(db, {
    email: DEFAULT_ORGANISER_EMAIL,
    name: "Demo organiser",
    password,
  });
  console.log(`Demo organiser: ${organiser.email} / password: ${password}`);
} finally {
  await db.close();
}
