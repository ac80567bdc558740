import { randomUUID } from "node:crypto";
import { checkPassword, hashPassword } from "~/server/auth/password";
import { config } from "~/server/config";
import type { Database } from "~/server/db";
import { insertOrganiser } from "~/server/db/users";
import { AppError } from "~/server/errors";

/** A new account (the instance's first one becomes its administrator); null when the e-mail is taken. */
function createOrganiser(
  db: Database,
  user: { email: string; name: string | null; passwordHash: string | null },
) {
  return db.transaction((tx) => insertOrganiser(tx, { id: randomUUID(), ...user }));
}

export const DEFAULT_ORGANISER_EMAIL = "demo@runify.local";

/** The organiser that owns events created from the command line, created on first use. */
export async function ensureOrganiser(
  db: Database,
  opts: { email?: string; name?: string; password?: string } = {},
): Promise<{ id: string; email: string }> {
  const email = (opts.email ?? config().defaultOrganiserEmail).toLowerCase();
  const existing = await db.prisma.user.findUnique({ where: { email } });
  const passwordHash = opts.password ? await hashPassword(opts.password) : null;
  if (existing) {
    // An organiser first created by the token CLI has no password until the seed gives it one.
    if (passwordHash && !existing.passwordHash)
      await db.prisma.user.update({ where: { email }, data: { passwordHash } });
    return { id: existing.id, email };
  }
  // Two processes may create the default organiser at once (CLI runs, tests): one INSERT wins, both read it.
  await createOrganiser(db, { email, name: opts.name ?? "Demo organiser", passwordHash });
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
  return { id: user.id, email };
}

/** A new organiser account with a password; an e-mail already registered (any way) is a CONFLICT. */
export async function signUp(
  db: Database,
  input: { email: string; password: string; name: string | null },
): Promise<{ id: string; email: string }> {
  const email = input.email.trim().toLowerCase();
  const existing = await db.prisma.user.findUnique({ where: { email } });
  if (existing) throw new AppError("CONFLICT", "An account with this e-mail already exists");
  const passwordHash = await hashPassword(input.password);
  const created = await createOrganiser(db, { email, name: input.name, passwordHash });
  if (!created) throw new AppError("CONFLICT", "An account with this e-mail already exists");
  return { id: created.id, email };
}

/** The organiser whose e-mail and password match (`disabled`: suspended, may not sign in), else null. */
export async function verifyPassword(
  db: Database,
  emailInput: string,
  password: string,
): Promise<{ id: string; email: string; name: string | null; disabled: boolean } | null> {
  const email = emailInput.trim().toLowerCase();
  const user = await db.prisma.user.findUnique({ where: { email } });
  // An unknown e-mail costs the same hash as a known one (see checkPassword).
  const check = await checkPassword(password, user?.passwordHash);
  if (!user || !check.ok) return null;
  if (check.rehash)
    await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: check.rehash } });
  return { id: user.id, email: user.email, name: user.name, disabled: user.disabledAt !== null };
}

/** The organiser signing in through OIDC: linked by e-mail to an existing account, created on first visit. */
export async function findOrCreateOidcOrganiser(
  db: Database,
  input: { email: string; name: string | null },
): Promise<{ id: string; email: string; disabled: boolean }> {
  const email = input.email.trim().toLowerCase();
  await createOrganiser(db, { email, name: input.name, passwordHash: null });
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
  return { id: user.id, email: user.email, disabled: user.disabledAt !== null };
}

export async function findOrganiserByEmail(db: Database, email: string) {
  return db.prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true },
  });
}
