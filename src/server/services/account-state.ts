import { publishOnce, subscribe } from "~/server/bus";
import type { Database } from "~/server/db";
import { notify } from "~/server/db/live-log";
import { existingSingleton, processSingleton } from "~/server/process-singleton";

/**
 * What every signed-in request checks about its organiser: still enabled, an administrator or not, and from
 * when its sessions count ("sign out everywhere", a password change, a suspension). Sessions are JWTs, so
 * this is the only place a session can be refused before it expires; the answer is kept 5 s per instance
 * (the dashboard makes several calls a page), dropped at once here and through the bus elsewhere on a change.
 */
export interface AccountState {
  isAdmin: boolean;
  disabled: boolean;
  /** Sessions signed in before this instant (ms) are refused; null: none. */
  sessionsValidAfter: number | null;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Cache {
  entries: Map<string, { state: AccountState | null; expiresAt: number }>;
  /** Bumped by every change: a read in flight meanwhile may be stale, so is not kept. */
  generation: number;
}

function cache(): Cache {
  return processSingleton("account-state", () => {
    subscribe("account", (message) => drop(message.userId));
    return { entries: new Map(), generation: 0 };
  });
}

function drop(userId: string) {
  const c = existingSingleton<Cache>("account-state");
  if (!c) return;
  c.generation++;
  c.entries.delete(userId);
}

/** The account's state, or null when it no longer exists. */
export async function accountState(db: Database, userId: string): Promise<AccountState | null> {
  const c = cache();
  const now = Date.now();
  const hit = c.entries.get(userId);
  if (hit && hit.expiresAt > now) return hit.state;
  const generation = c.generation;
  const row = await db.prisma.user.findUnique({
    where: { id: userId },
    select: { isAdmin: true, disabledAt: true, sessionsValidAfter: true },
  });
  const state = row
    ? {
        isAdmin: row.isAdmin,
        disabled: row.disabledAt !== null,
        sessionsValidAfter: row.sessionsValidAfter?.getTime() ?? null,
      }
    : null;
  if (c.generation === generation) {
    if (c.entries.size >= MAX_ENTRIES) c.entries.clear();
    c.entries.set(userId, { state, expiresAt: now + TTL_MS });
  }
  return state;
}

/** Whether a session signed in at `signedInAt` (ms; 0 when unknown) still stands for this account. */
export function sessionStands(state: AccountState | null, signedInAt: number): state is AccountState {
  if (!state || state.disabled) return false;
  return state.sessionsValidAfter === null || signedInAt >= state.sessionsValidAfter;
}

/** After a change of the account: forgotten here at once, on the other instances through the bus. */
export async function forgetAccount(db: Database, userId: string): Promise<void> {
  drop(userId);
  await publishOnce({ type: "account", userId }, (channel, payload) =>
    db.kind === "postgres" ? notify(db, channel, payload) : Promise.resolve(),
  );
}
