import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/server/db";
import { openDatabase } from "~/server/db/client";
import { deployMigrations } from "~/server/db/migrate";
import { changeOrganiser } from "./accounts";
import { ensureOrganiser, findOrCreateOidcOrganiser } from "./organisers";

// The live bus of this process: no transport (embedded database, no Redis).
process.env.DATABASE_URL = "pglite:memory";
process.env.REDIS_URL = "";

let db: Database;

beforeAll(async () => {
  db = await openDatabase({ kind: "embedded", dataDir: null });
  await deployMigrations(db);
});

afterAll(async () => {
  await db.close();
});

const admins = async () =>
  (await db.prisma.user.findMany({ where: { isAdmin: true }, select: { email: true } })).map((u) => u.email);

describe("the instance's first account", () => {
  it("becomes its administrator, once, even when several are created at once; later ones do not", async () => {
    await Promise.all(
      ["a@example.org", "b@example.org", "c@example.org"].map((email) => ensureOrganiser(db, { email })),
    );
    expect(await admins()).toHaveLength(1);
    await findOrCreateOidcOrganiser(db, { email: "oidc@example.org", name: null });
    await ensureOrganiser(db, { email: "a@example.org" });
    expect(await admins()).toHaveLength(1);
  });

  it("stays one: the last enabled administrator can be neither demoted nor disabled", async () => {
    const [first] = await admins();
    const admin = await db.prisma.user.findUniqueOrThrow({ where: { email: first } });
    const other = await ensureOrganiser(db, { email: "d@example.org" });
    await expect(changeOrganiser(db, admin.id, admin.id, { isAdmin: false })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(changeOrganiser(db, null, admin.id, { disabled: true })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(changeOrganiser(db, other.id, admin.id, { isAdmin: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await changeOrganiser(db, admin.id, other.id, { isAdmin: true });
    await changeOrganiser(db, other.id, admin.id, { disabled: true });
    expect(await admins()).toEqual(expect.arrayContaining([first, "d@example.org"]));
    // The disabled admin no longer counts: the other one is now the last.
    await expect(changeOrganiser(db, other.id, other.id, { isAdmin: false })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});
