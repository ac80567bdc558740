import { type Scope, tokenScope } from "~/server/access/scope";
import { tokenFromHeaders, type TokenScope } from "~/server/auth/tokens";
import { AppError } from "~/server/errors";
import { rateLimits } from "~/server/services/rate-limit";
import {
  type AnyTokenAuth,
  authenticateAnyToken,
  authenticateToken,
  type TokenAuth,
} from "~/server/services/tokens";
import type { Context } from "./trpc";

export interface Access {
  token: TokenAuth | null;
  scope: Scope;
}

/**
 * The caller's API token (X-API-Key or Bearer), holding `required` if given, within its rate limits: per
 * device (the track or device id the request is about) inside a larger budget per token, so one noisy phone
 * is slowed down alone instead of exhausting its event's budget.
 */
export async function authorizeToken(ctx: Context, required?: TokenScope): Promise<TokenAuth> {
  const token = await authenticateToken(ctx.db, tokenFromHeaders(ctx.headers));
  await withinRateLimit(ctx, token.tokenId);
  if (required) holdsScope(token, required);
  return token;
}

function holdsScope(token: AnyTokenAuth, required: TokenScope): void {
  if (!token.scopes.includes(required))
    throw new AppError("FORBIDDEN", `This token lacks the "${required}" scope`);
  if (required !== "tracks:read" && "participantStatus" in token && token.participantStatus === "registered")
    throw new AppError("FORBIDDEN", "This participant is awaiting the organiser's approval");
}

/** Any token, an organiser's personal one included (the runner API: /me, /events, /logout), rate limited. */
export async function authorizeAnyToken(ctx: Context): Promise<AnyTokenAuth> {
  const token = await authenticateAnyToken(ctx.db, tokenFromHeaders(ctx.headers));
  await withinRateLimit(ctx, token.tokenId);
  return token;
}

/** The token's budget, and the device's inside it; past either a RATE_LIMIT with Retry-After. */
async function withinRateLimit(ctx: Context, tokenId: string): Promise<void> {
  const limit = await rateLimits().token(tokenId, ctx.device);
  if (!limit.allowed) {
    throw new AppError(
      "RATE_LIMIT",
      `Too many requests${limit.scope === "device" ? " from this device" : ""}: retry in ${limit.retryAfterSec} s`,
      {
        retryAfterSec: limit.retryAfterSec,
      },
    );
  }
}

/**
 * Who may touch which tracks: an API token when the request carries one (its event), else the signed-in
 * organiser (the events they own). Used by tRPC procedures and by the file routes alike.
 */
export async function authorizeTrackAccess(ctx: Context, required?: TokenScope): Promise<Access> {
  if (!tokenFromHeaders(ctx.headers) && ctx.session)
    return { token: null, scope: { ownerId: ctx.session.userId } };
  const token = await authorizeToken(ctx, required);
  return { token, scope: tokenScope(token) };
}

/**
 * Statistics (GET /stats) also take an organiser's personal token: all their events, like their dashboard
 * session. An event token sees its event, a participant's personal token that participant's tracks.
 */
export async function authorizeOwnerOrTrackAccess(ctx: Context, required: TokenScope): Promise<Access> {
  if (!tokenFromHeaders(ctx.headers) && ctx.session)
    return { token: null, scope: { ownerId: ctx.session.userId } };
  const token = await authorizeAnyToken(ctx);
  holdsScope(token, required);
  return token.kind === "organiser"
    ? { token: null, scope: { ownerId: token.userId } }
    : { token, scope: tokenScope(token) };
}
