import { checkPassword, hashPassword } from "~/server/auth/password";
import { config } from "~/server/config";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";
import { isUniqueViolation } from "./prisma-errors";

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
  await db.prisma.user.createMany({
    data: [{ email, name: opts.name ?? "Demo organiser", passwordHash }],
    skipDuplicates: true,
  });
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
  try {
    const user = await db.prisma.user.create({ data: { email, name: input.name, passwordHash } });
    return { id: user.id, email: user.email };
  } catch (error) {
    if (isUniqueViolation(error, "email"))
      throw new AppError("CONFLICT", "An account with this e-mail already exists");
    throw error;
  }
}

/** The organiser whose e-mail and password match, else null. */
export async function verifyPassword(
  db: Database,
  emailInput: string,
  password: string,
): Promise<{ id: string; email: string; name: string | null } | null> {
  const email = emailInput.trim().toLowerCase();
  const user = await db.prisma.user.findUnique({ where: { email } });
  // An unknown e-mail costs the same hash as a known one (see checkPassword).
  const check = await checkPassword(password, user?.passwordHash);
  if (!user || !check.ok) return null;
  if (check.rehash)
    await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: check.rehash } });
  return { id: user.id, email: user.email, name: user.name };
}

/** The organiser signing in through OIDC: linked by e-mail to an existing account, created on first visit. */
export async function findOrCreateOidcOrganiser(
  db: Database,
  input: { email: string; name: string | null },
): Promise<{ id: string; email: string }> {
  const email = input.email.trim().toLowerCase();
  const user = await db.prisma.user.upsert({
    where: { email },
    update: {},
    create: { email, name: input.name },
  });
  return { id: user.id, email: user.email };
}

export async function findOrganiserByEmail(db: Database, email: string) {
  return db.prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true },
  });
}
