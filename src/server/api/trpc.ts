import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { type Scope, tokenScope } from "~/server/access/scope";
import type { TokenScope } from "~/server/auth/tokens";
import { type Database, getDb } from "~/server/db";
import { z } from "zod";
import { APP_ERROR_CODES, APP_ERRORS, AppError, httpError, validationError } from "~/server/errors";
import {
  authorizeAnyToken,
  authorizeOwnerOrTrackAccess,
  authorizeToken,
  authorizeTrackAccess,
} from "./access";

export interface Session {
  userId: string;
  email: string;
  /** An instance administrator (read with the session's check, so at most 5 s old). */
  isAdmin: boolean;
}

export interface Context {
  db: Database;
  headers: Headers;
  session: Session | null;
  /** The client's address (per-client limits); "local" for in-process calls. */
  address: string;
  /** What the request is about for per-device rate limits (a track id, a device_track_id), when known. */
  device: string | null;
  /**
   * The REST edge's check that the body holds only the procedure's fields (http/unknown-fields.ts), run once
   * the caller is known, so that a request without a token stays a 401 and a bad body a 400.
   */
  checkBody?: () => void;
}

export async function createContext(opts: {
  headers: Headers;
  session?: Session | null;
  address?: string;
  device?: string | null;
  checkBody?: () => void;
}): Promise<Context> {
  return {
    db: await getDb(),
    headers: opts.headers,
    session: opts.session ?? null,
    address: opts.address ?? "local",
    device: opts.device ?? null,
    checkBody: opts.checkBody,
  };
}

/**
 * What a procedure declares beside its OpenAPI path, read by the HTTP edge and the OpenAPI document alike:
 * `successStatus` (201, 204), the token `scope` it needs, which body cap applies (`body`, see config
 * maxBodyBytes; default "other"), the arrays whose documented length limit answers 413 (`batchLimits`),
 * whether multipart uploads are accepted, the error statuses it can answer beyond the common ones, and the
 * aliases its query accepts.
 */
export type Meta = OpenApiMeta<{
  successStatus?: 200 | 201 | 204;
  scope?: TokenScope;
  body?: "points" | "sync" | "imports";
  batchLimits?: string[];
  multipart?: boolean;
  errors?: Array<404 | 409 | 413 | 503>;
  /** Needs no token (joining): the OpenAPI document lists no security for it. */
  public?: boolean;
  /** Query parameter names other APIs use for ours (SportTracks' pageSize…): accepted as documented aliases. */
  queryAliases?: Record<string, string>;
}>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // The dashboard's client reads our code (and issues) from `data`, in the tRPC envelope.
    errorFormatter: ({ shape, error }) => {
      const http = httpError(fromTrpcError(error));
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          appCode: http.status === 500 ? "INTERNAL_SERVER_ERROR" : http.body.code,
          appIssues: http.body.issues,
        },
      };
    },
  });

/**
 * What tRPC threw, as our error: the service's AppError, the input's validation issues (a 400, or a 413 for
 * an array past its documented batch limit), tRPC's own refusals by their code; anything else unchanged (a
 * 500, logged by whoever answers).
 */
export function fromTrpcError(error: unknown, meta?: Meta, input?: unknown): unknown {
  if (!(error instanceof TRPCError)) return error;
  const cause = error.cause;
  if (cause instanceof AppError) return cause;
  // Input validation (BAD_REQUEST); a ZodError under any other code is the output failing its schema: a bug.
  if (cause instanceof z.ZodError)
    return error.code === "BAD_REQUEST" ? validationError(cause, meta?.batchLimits, input) : cause;
  const code = APP_ERROR_CODES.find((c) => APP_ERRORS[c].trpc === error.code);
  return code && code !== "INTERNAL_SERVER_ERROR" ? new AppError(code, error.message) : (cause ?? error);
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** AppErrors thrown by services become tRPC errors with the matching code, once, for every procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError)
      throw new TRPCError({ code: APP_ERRORS[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

/** After the caller's authorisation (or none, for public procedures): see Context.checkBody. */
const checkBody = t.middleware(({ ctx, next }) => {
  ctx.checkBody?.();
  return next();
});

const baseProcedure = t.procedure.use(mapErrors);
export const publicProcedure = baseProcedure.use(checkBody);

// The callers' checks below run the body's check (Context.checkBody) themselves once the caller is known,
// rather than in a middleware of its own: each level of tRPC's middleware chain copies its options and the
// context with a spread helper, which was 7 % of the server's time at 1,000 batches a second.

/** REST: the caller's API token, rate limited, with the scope of the meta. */
export const tokenProcedure = baseProcedure.use(async ({ ctx, meta, next }) => {
  const token = await authorizeToken(ctx, meta?.scope);
  const scope: Scope = tokenScope(token);
  ctx.checkBody?.();
  return next({ ctx: { token, scope } });
});

/** The runner API (/me, /events, /logout): any token, an organiser's personal one included. */
export const anyTokenProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const token = await authorizeAnyToken(ctx);
  ctx.checkBody?.();
  return next({ ctx: { token } });
});

/** One procedure for the app (API token) and the dashboard (signed-in organiser): see authorizeTrackAccess. */
export const trackAccessProcedure = baseProcedure.use(async ({ ctx, meta, next }) => {
  const access = await authorizeTrackAccess(ctx, meta?.scope);
  ctx.checkBody?.();
  return next({ ctx: access });
});

/** The signed-in organiser (dashboard). */
export const organiserProcedure = baseProcedure
  .use(({ ctx, next }) => {
    if (!ctx.session) throw new AppError("UNAUTHORIZED", "Sign in first");
    const session = ctx.session;
    const scope: Scope = { ownerId: session.userId };
    return next({ ctx: { session, scope } });
  })
  .use(checkBody);

/** A signed-in instance administrator (managing the organisers' accounts). */
export const adminProcedure = organiserProcedure.use(({ ctx, next }) => {
  if (!ctx.session.isAdmin) throw new AppError("FORBIDDEN", "Administrators only");
  return next();
});

/** Statistics: the dashboard's organiser, an organiser's personal token, or an event/participant token. */
export const ownerOrTrackAccessProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const access = await authorizeOwnerOrTrackAccess(ctx, meta?.scope ?? "tracks:read");
  return next({ ctx: access });
});
