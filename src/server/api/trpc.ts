import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { TokenScope } from "~/server/auth/tokens";
import { type Database, getDb } from "~/server/db";
import type { TrackScope } from "~/server/services/tracks";
import { authorizeToken, authorizeTrackAccess } from "./access";
import { AppError } from "~/server/errors";
import { toTRPCError } from "./errors";

export interface Session {
  userId: string;
  email: string;
}

export interface Context {
  db: Database;
  headers: Headers;
  session: Session | null;
}

export async function createContext(opts: { headers: Headers; session?: Session | null }): Promise<Context> {
  return { db: await getDb(), headers: opts.headers, session: opts.session ?? null };
}

/** `successStatus` is the REST status of a success (201, 204); `scope` the token scope a procedure needs. */
export type Meta = OpenApiMeta<{ successStatus?: 200 | 201 | 204; scope?: TokenScope }>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: error.cause instanceof AppError ? error.cause.code : undefined,
        appIssues: error.cause instanceof AppError ? error.cause.issues : undefined,
      },
    }),
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors (AppError) become tRPC errors here, once, for every procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** REST: the caller's API token, rate limited per token, with the scope of the meta. */
export const tokenProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const token = await authorizeToken(ctx.db, ctx.headers, meta?.scope);
  const scope: TrackScope = { eventId: token.eventId };
  return next({ ctx: { token, scope } });
});

/** One procedure for the app (API token) and the dashboard (signed-in organiser): see authorizeTrackAccess. */
export const trackAccessProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const access = await authorizeTrackAccess(ctx.db, ctx.headers, ctx.session, meta?.scope);
  return next({ ctx: access });
});

/** The signed-in organiser (dashboard). */
export const organiserProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const session = ctx.session;
  const scope: TrackScope = { ownerId: session.userId };
  return next({ ctx: { session, scope } });
});
