import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { getSession } from "~/server/auth/session";

export const dynamic = "force-dynamic";

/** tRPC for the dashboard: the organiser's session from the next-auth cookie. */
function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createContext({ headers: req.headers, session: await getSession() }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? ""}`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
