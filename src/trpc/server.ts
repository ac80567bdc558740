import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getI18n } from "~/lib/i18n/server";
import { appRouter } from "~/server/api/root";
import { createCallerFactory, createContext, type Session } from "~/server/api/trpc";
import { requireSession } from "~/server/auth/session";

const createCaller = createCallerFactory(appRouter);

/**
 * The tRPC router called in-process from server components, as the signed-in organiser. API-token headers
 * are dropped: a page always acts with the session.
 */
export async function serverApi(session: Session) {
  const h = new Headers(await headers());
  h.delete("x-api-key");
  h.delete("authorization");
  return createCaller(await createContext({ headers: h, session }));
}

/** Runs a query; "not found" (or an id that cannot exist) becomes the 404 page. */
export async function orNotFound<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
}

/** What a dashboard page needs: the organiser (or a redirect to sign in, back to `path`), the API, labels. */
export async function pageContext(path: string) {
  const session = await requireSession(path);
  const [api, i18n] = await Promise.all([serverApi(session), getI18n()]);
  return { session, api, ...i18n };
}
