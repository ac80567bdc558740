import { tokenFromHeaders, type TokenScope } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";
import type { TrackScope } from "~/server/services/tracks";
import { authenticateToken, type TokenAuth } from "~/server/services/tokens";
import { getRateLimiter } from "./rate-limiter";

export interface Access {
  token: TokenAuth | null;
  scope: TrackScope;
}

/** The caller's API token (X-API-Key or Bearer), rate limited per token, holding `required` if given. */
export async function authorizeToken(
  db: Database,
  headers: Headers,
  required?: TokenScope,
): Promise<TokenAuth> {
  const token = await authenticateToken(db, tokenFromHeaders(headers));
  const limit = await getRateLimiter().hit(`token:${token.tokenId}`);
  if (!limit.allowed) {
    throw new AppError("RATE_LIMIT", `Too many requests: retry in ${limit.retryAfterSec} s`, {
      retryAfterSec: limit.retryAfterSec,
    });
  }
  if (required && !token.scopes.includes(required)) {
    throw new AppError("FORBIDDEN", `This token lacks the "${required}" scope`);
  }
  return token;
}

/**
 * Who may touch which tracks: an API token when the request carries one (its event), else the signed-in
 * organiser (the events they own). Used by tRPC procedures and by the non-JSON route handlers alike.
 */
export async function authorizeTrackAccess(
  db: Database,
  headers: Headers,
  session: { userId: string } | null,
  required?: TokenScope,
): Promise<Access> {
  if (!tokenFromHeaders(headers) && session) return { token: null, scope: { ownerId: session.userId } };
  const token = await authorizeToken(db, headers, required);
  return { token, scope: { eventId: token.eventId } };
}
