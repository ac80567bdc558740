import { getServerSession } from "next-auth/next";
import { redirect } from "next/navigation";
import type { Session } from "~/server/api/trpc";
import { authOptions } from "./nextauth";

/**
 * The signed-in organiser (`{ userId, email }`), from the next-auth session cookie, or null. Works in server
 * components and route handlers (it reads the request's cookies), so REST routes can accept the dashboard's
 * session too.
 */
export async function getSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  const email = session?.user?.email;
  return userId && email ? { userId, email } : null;
}

/** The organiser, or a redirect to the sign-in page that comes back to `callbackUrl`. */
export async function requireSession(callbackUrl: string): Promise<Session> {
  const session = await getSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return session;
}
