import type { Queryable } from "./client";

/** Organiser accounts: the writes whose rule spans rows (the first account is admin; an admin always remains). */

/** Any constant: the advisory lock that orders account creations against each other (first-admin rule). */
const FIRST_ADMIN_LOCK = 7_120_412;

/**
 * Creates an organiser unless the e-mail exists; the instance's first account (no administrator yet) is made
 * its administrator. Run inside a transaction: the advisory lock makes two first sign-ups at once give one
 * admin. Returns null when the e-mail was taken.
 */
export async function insertOrganiser(
  tx: Queryable,
  user: { id: string; email: string; name: string | null; passwordHash: string | null },
) {
  await tx.execute("SELECT pg_advisory_xact_lock($1)", [FIRST_ADMIN_LOCK]);
  const [row] = await tx.rows(
    { id: "uuid", is_admin: "bool" },
    `INSERT INTO users (id, email, name, password_hash, is_admin, created_at, updated_at)
     SELECT $1, $2, $3, $4, NOT EXISTS (SELECT 1 FROM users WHERE is_admin), now(), now()
     ON CONFLICT (email) DO NOTHING
     RETURNING id, is_admin`,
    [user.id, user.email, user.name, user.passwordHash],
  );
  return row ?? null;
}

/**
 * The enabled administrators, under their row locks: a demotion or a suspension checks that one remains
 * after it, and two admins demoting each other at once cannot both pass.
 */
export async function lockActiveAdmins(tx: Queryable): Promise<string[]> {
  const rows = await tx.rows(
    { id: "uuid" },
    "SELECT id FROM users WHERE is_admin AND disabled_at IS NULL ORDER BY id FOR UPDATE",
  );
  return rows.map((r) => r.id);
}

/** Sets an account's admin flag and suspension; `signOutAt` refuses its sessions signed in before it. */
export async function updateAccount(
  tx: Queryable,
  id: string,
  change: { isAdmin?: boolean; disabled?: boolean; signOutAt?: Date },
): Promise<boolean> {
  const touched = await tx.execute(
    `UPDATE users SET
        is_admin = coalesce($2::boolean, is_admin),
        disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                           WHEN $3::boolean THEN coalesce(disabled_at, now()) ELSE NULL END,
        sessions_valid_after = coalesce($4::timestamptz, sessions_valid_after),
        updated_at = now()
      WHERE id = $1`,
    [id, change.isAdmin ?? null, change.disabled ?? null, change.signOutAt ?? null],
  );
  return touched > 0;
}

export const ORGANISER_ROW = {
  id: "uuid",
  email: "text",
  name: "text?",
  created_at: "timestamp",
  last_sign_in_at: "timestamp?",
  is_admin: "bool",
  disabled_at: "timestamp?",
  events: "int",
} as const;

/** Every organiser with the number of events it owns, oldest account first (the administrators' page). */
export async function selectOrganisers(q: Queryable) {
  return q.rows(
    ORGANISER_ROW,
    `SELECT u.id, u.email, u.name, u.created_at, u.last_sign_in_at, u.is_admin, u.disabled_at,
            (SELECT count(*)::int FROM events e WHERE e.owner_id = u.id) AS events
       FROM users u
      ORDER BY u.created_at, u.id`,
  );
}
