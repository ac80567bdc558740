import { getToken } from "next-auth/jwt";
import { getServerSession } from "next-auth/next";
import { redirect } from "next/navigation";
import type { Session } from "~/server/api/trpc";
import { getDb } from "~/server/db";
import { accountState, sessionStands } from "~/server/services/account-state";
import { authOptions } from "./nextauth";

/**
 * The session, if its account still accepts it: not suspended, and signed in after its last "sign out
 * everywhere" or password change. A session from before `signedInAt` existed counts as signed in at 0.
 */
async function standing(userId: string, email: string, signedInAt: unknown): Promise<Session | null> {
  const state = await accountState(await getDb(), userId);
  const at = typeof signedInAt === "number" ? signedInAt : 0;
  return sessionStands(state, at) ? { userId, email, isAdmin: state.isAdmin } : null;
}

/**
 * The signed-in organiser (`{ userId, email }`), from the next-auth session cookie, or null. Works in server
 * components and route handlers (it reads the request's cookies), so REST routes can accept the dashboard's
 * session too.
 */
export async function getSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  const email = session?.user?.email;
  return userId && email ? standing(userId, email, session.signedInAt) : null;
}

/**
 * The same organiser from a request's headers alone (the session cookie, a next-auth JWT), for code that runs
 * outside Next's request context: REST calls and live streams served by scripts/serve.mjs.
 */
export async function sessionFromHeaders(headers: Headers): Promise<Session | null> {
  const cookie = headers.get("cookie");
  if (!cookie?.includes("next-auth.session-token")) return null;
  const cookies: Record<string, string> = {};
  for (const part of cookie.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const value = part.slice(at + 1).trim();
    try {
      cookies[part.slice(0, at).trim()] = decodeURIComponent(value);
    } catch {
      cookies[part.slice(0, at).trim()] = value;
    }
  }
  // Only the cookies, no headers: getToken would also take an "Authorization: Bearer" API token for a session.
  const jwt = await getToken({
    req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: authOptions().secret,
  }).catch(() => null);
  const userId = typeof jwt?.userId === "string" ? jwt.userId : null;
  const email = typeof jwt?.email === "string" ? jwt.email : null;
  return userId && email ? standing(userId, email, jwt?.signedInAt) : null;
}

/** The organiser, or a redirect to the sign-in page that comes back to `callbackUrl`. */
export async function requireSession(callbackUrl: string): Promise<Session> {
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return session;
}
