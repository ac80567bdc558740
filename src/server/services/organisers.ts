import bcrypt from "bcryptjs";
import type { Database } from "~/server/db";

export const DEFAULT_ORGANISER_EMAIL = "demo@runify.local";

/** The organiser that owns events created from the command line, created on first use. */
export async function ensureOrganiser(
  db: Database,
  opts: { email?: string; name?: string; password?: string } = {},
): Promise<{ id: string; email: string }> {
  const email = (
    opts.email ??
    process.env.RUNIFY_DEFAULT_ORGANISER_EMAIL ??
    DEFAULT_ORGANISER_EMAIL
  ).toLowerCase();
  const existing = await db.prisma.user.findUnique({ where: { email } });
  const passwordHash = opts.password ? await bcrypt.hash(opts.password, 12) : null;
  if (existing) {
    // An organiser first created by the token CLI has no password until the seed gives it one.
    if (passwordHash && !existing.passwordHash)
      await db.prisma.user.update({ where: { email }, data: { passwordHash } });
    return { id: existing.id, email };
  }
  const user = await db.prisma.user.upsert({
    where: { email },
    update: {},
    create: { email, name: opts.name ?? "Demo organiser", passwordHash },
  });
  return { id: user.id, email };
}
