import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { tokenFromHeaders, type TokenScope } from "~/server/auth/tokens";
import { type Database, getDb } from "~/server/db";
import type { TrackScope } from "~/server/services/tracks";
import { authenticateToken } from "~/server/services/tokens";
import { AppError } from "~/server/errors";
import { getRateLimiter } from "./rate-limiter";
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

async function authenticate(ctx: Context, meta: Meta | undefined) {
  const token = await authenticateToken(ctx.db, tokenFromHeaders(ctx.headers));
  const limit = await getRateLimiter().hit(`token:${token.tokenId}`);
  if (!limit.allowed) {
    throw new AppError("RATE_LIMIT", `Too many requests: retry in ${limit.retryAfterSec} s`, {
      retryAfterSec: limit.retryAfterSec,
    });
  }
  if (meta?.scope && !token.scopes.includes(meta.scope)) {
    throw new AppError("FORBIDDEN", `This token lacks the "${meta.scope}" scope`);
  }
  return token;
}

/** REST: the caller's API token (X-API-Key or Bearer), rate limited per token, with the scope of the meta. */
export const tokenProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const token = await authenticate(ctx, meta);
  const scope: TrackScope = { eventId: token.eventId };
  return next({ ctx: { token, scope } });
});

/**
 * One procedure for the app and the dashboard: an API token when the request carries one (REST), else the
 * signed-in organiser, who may touch the tracks of the events they own.
 */
export const trackAccessProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  if (!tokenFromHeaders(ctx.headers) && ctx.session) {
    const scope: TrackScope = { ownerId: ctx.session.userId };
    return next({ ctx: { token: null, scope } });
  }
  const token = await authenticate(ctx, meta);
  const scope: TrackScope = { eventId: token.eventId };
  return next({ ctx: { token, scope } });
});

/** The signed-in organiser (dashboard). */
export const organiserProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  const session = ctx.session;
  const scope: TrackScope = { ownerId: session.userId };
  return next({ ctx: { session, scope } });
});
