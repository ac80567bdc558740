import type { TOrganiserRow } from "~/server/api/schemas/account";
import { checkPassword, hashPassword } from "~/server/auth/password";
import type { Database } from "~/server/db";
import { lockActiveAdmins, selectOrganisers, updateAccount } from "~/server/db/users";
import { AppError, notFound } from "~/server/errors";
import { forgetAccount } from "./account-state";
import { rateLimits } from "./rate-limit";
import { forgetTokens } from "./tokens";

/**
 * An organiser's own account (password, sign out everywhere) and the administrators' management of the
 * others (suspend, promote). Sessions are refused through account-state.ts; tokens through the token cache.
 */

/**
 * Replaces the password after checking the current one (limited like sign-in attempts: a stolen session must
 * not become a password-guessing oracle). Every session signed in before, this one included, is refused: the
 * dashboard signs in again with the new password.
 */
export async function changePassword(
  db: Database,
  userId: string,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const user = await db.prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError("UNAUTHORIZED", "Sign in first");
  if (!user.passwordHash)
    throw new AppError(
      "FORBIDDEN",
      "This account signs in through its identity provider: it has no password",
    );
  const limit = await rateLimits().passwordForAccount(user.email);
  if (!limit.allowed)
    throw new AppError("RATE_LIMIT", "Too many attempts for this account", {
      retryAfterSec: limit.retryAfterSec,
    });
  const check = await checkPassword(input.current_password, user.passwordHash);
  if (!check.ok)
    throw new AppError("BAD_REQUEST", "The current password is wrong", {
      issues: [{ path: "current_password", message: "The current password is wrong" }],
    });
  const passwordHash = await hashPassword(input.new_password);
  await db.prisma.user.update({
    where: { id: userId },
    data: { passwordHash, sessionsValidAfter: new Date() },
  });
  await forgetAccount(db, userId);
}

/** Every session of the account signed in until now is refused from the next request on, on every instance. */
export async function signOutEverywhere(db: Database, userId: string): Promise<void> {
  await updateAccount(db, userId, { signOutAt: new Date() });
  await forgetAccount(db, userId);
}

export async function recordSignIn(db: Database, userId: string): Promise<void> {
  await db.prisma.user.updateMany({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

export async function listOrganisers(db: Database): Promise<TOrganiserRow[]> {
  const rows = await selectOrganisers(db);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    created_at: r.created_at.toISOString(),
    last_sign_in_at: r.last_sign_in_at?.toISOString() ?? null,
    is_admin: r.is_admin,
    disabled_at: r.disabled_at?.toISOString() ?? null,
    events_count: r.events,
  }));
}

/**
 * An administrator's change of another account. The instance always keeps an enabled administrator: the
 * check runs under the admins' row locks, so two admins demoting each other at once cannot both succeed.
 * Suspending also signs the account out everywhere (enabling it again does not revive old sessions) and
 * stops its tokens and its events' tokens (401) until it is enabled again.
 */
export async function changeOrganiser(
  db: Database,
  /** The administrator acting; null for the operator's command line. */
  actorId: string | null,
  targetId: string,
  change: { isAdmin?: boolean; disabled?: boolean },
): Promise<void> {
  if (targetId === actorId && change.disabled)
    throw new AppError("FORBIDDEN", "You cannot disable your own account");
  await db.transaction(async (tx) => {
    const admins = await lockActiveAdmins(tx);
    if (actorId !== null && !admins.includes(actorId)) throw new AppError("FORBIDDEN", "Administrators only");
    const removes = change.isAdmin === false || change.disabled === true;
    if (removes && admins.length === 1 && admins[0] === targetId)
      throw new AppError("CONFLICT", "This is the last administrator: promote another one first");
    const found = await updateAccount(tx, targetId, {
      ...change,
      signOutAt: change.disabled ? new Date() : undefined,
    });
    if (!found) throw notFound("Organiser");
  });
  await forgetAccount(db, targetId);
  // Its tokens' cached lookups carry the suspension and the admin level (GET /me): read them again.
  await forgetTokens(db, { ownerId: targetId });
}

/** The operator's `npm run admin -- --promote|--demote <email>`: the same rules as the administrators' page. */
export async function setAdminByEmail(db: Database, email: string, admin: boolean): Promise<string> {
  const user = await db.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw notFound("Organiser");
  await changeOrganiser(db, null, user.id, { isAdmin: admin });
  return user.email;
}
