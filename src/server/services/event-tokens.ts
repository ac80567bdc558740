import type { TCreateTokenRequest, TTokenResponse } from "~/server/api/schemas/token";
import { TOKEN_SCOPES, type TokenScope } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import type { TIssuedToken } from "~/server/api/schemas/event";
import type { ApiToken } from "~/generated/prisma/client";
import { findOwnedEvent } from "./events";
import { issueToken, revokeToken, revokeTokensWhere } from "./tokens";
import { AppError } from "~/server/errors";
import type { TPersonalTokenResponse } from "~/server/api/schemas/account";

/** Dashboard: the organiser manages the API tokens of the events they own (others' events are NOT_FOUND). */

function toTokenResponse(row: ApiToken): TTokenResponse {
  return {
    id: row.id,
    event_id: row.eventId ?? "",
    label: row.label,
    prefix: row.prefix,
    scopes: row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s)),
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
  };
}

/** Active tokens first (newest first), then revoked ones. */
const activeFirst = <T extends { revoked_at: string | null }>(items: T[]) => [
  ...items.filter((t) => !t.revoked_at),
  ...items.filter((t) => t.revoked_at),
];

/** The organiser's personal tokens (the runner API: /me, /events, invitations), newest active first. */
export async function listPersonalTokens(db: Database, userId: string): Promise<TPersonalTokenResponse[]> {
  const rows = await db.prisma.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return activeFirst(
    rows.map((row) => {
      const { event_id: _, ...token } = toTokenResponse(row);
      return token;
    }),
  );
}

/** Revokes one of the organiser's personal tokens; another's is NOT_FOUND. */
export async function revokePersonalToken(db: Database, userId: string, id: string): Promise<{ id: string }> {
  const owned = await db.prisma.apiToken.findFirst({ where: { id, userId }, select: { id: true } });
  if (!owned) throw new AppError("NOT_FOUND", "Token not found");
  await revokeTokensWhere(db, { id });
  return { id };
}

export async function listEventTokens(
  db: Database,
  ownerId: string,
  eventId: string,
): Promise<TTokenResponse[]> {
  await findOwnedEvent(db, ownerId, eventId);
  const rows = await db.prisma.apiToken.findMany({
    where: { eventId, participantId: null },
    orderBy: { createdAt: "desc" },
  });
  return activeFirst(rows.map(toTokenResponse));
}

export async function issueEventToken(
  db: Database,
  ownerId: string,
  input: TCreateTokenRequest,
): Promise<{ token: TTokenResponse; issued: TIssuedToken }> {
  await findOwnedEvent(db, ownerId, input.event_id);
  const issued = await issueToken(db, input.event_id, {
    label: input.label,
    scopes: input.scopes,
    expiresAt: input.expires_in_sec ? new Date(Date.now() + input.expires_in_sec * 1000) : null,
  });
  const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: issued.id } });
  return { token: toTokenResponse(row), issued };
}

export async function revokeEventToken(
  db: Database,
  ownerId: string,
  input: { event_id: string; id: string },
): Promise<{ id: string }> {
  await findOwnedEvent(db, ownerId, input.event_id);
  await revokeToken(db, input.event_id, input.id);
  return { id: input.id };
}
