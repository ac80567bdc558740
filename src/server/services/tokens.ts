import { generateToken, hashToken, TOKEN_SCOPES, type TokenScope } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";

export interface TokenAuth {
  tokenId: string;
  eventId: string;
  timezone: string;
  scopes: TokenScope[];
}

// last_used_at is written at most once a minute per token, so the hot path stays read-only.
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** Resolves a raw token to its event; unknown or revoked tokens are UNAUTHORIZED. */
export async function authenticateToken(db: Database, raw: string | null): Promise<TokenAuth> {
  if (!raw) throw new AppError("UNAUTHORIZED", "Missing API token: send X-API-Key or Authorization: Bearer");
  const rows = await db.query<{
    id: string;
    event_id: string;
    scopes: string[];
    revoked_at: Date | null;
    timezone: string;
  }>(
    `SELECT t.id, t.event_id, t.scopes, t.revoked_at, e.timezone
       FROM api_tokens t JOIN events e ON e.id = t.event_id WHERE t.hash = $1`,
    [hashToken(raw)],
  );
  const row = rows[0];
  if (!row) throw new AppError("UNAUTHORIZED", "Invalid API token");
  if (row.revoked_at) throw new AppError("UNAUTHORIZED", "This API token has been revoked");
  const now = Date.now();
  if (now - (lastUsedWritten.get(row.id) ?? 0) > LAST_USED_EVERY_MS) {
    lastUsedWritten.set(row.id, now);
    await db.query("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", [row.id]);
  }
  return {
    tokenId: row.id,
    eventId: row.event_id,
    timezone: row.timezone,
    scopes: row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s)),
  };
}

/** Issues a token for an event; the raw value is returned once and never stored. */
export async function issueToken(
  db: Database,
  eventId: string,
  opts: { label?: string; scopes?: TokenScope[] } = {},
): Promise<{ id: string; raw: string; prefix: string }> {
  const token = generateToken();
  const created = await db.prisma.apiToken.create({
    data: {
      eventId,
      label: opts.label ?? "",
      prefix: token.prefix,
      hash: token.hash,
      scopes: opts.scopes ?? [...TOKEN_SCOPES],
    },
  });
  return { id: created.id, raw: token.raw, prefix: token.prefix };
}

export async function revokeToken(db: Database, eventId: string, tokenId: string): Promise<void> {
  const { count } = await db.prisma.apiToken.updateMany({
    where: { id: tokenId, eventId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Token not found");
}

/** Revokes a token given its raw value (operators); returns its display prefix. */
export async function revokeTokenByValue(db: Database, raw: string): Promise<string> {
  const token = await db.prisma.apiToken.findUnique({ where: { hash: hashToken(raw) } });
  if (!token) throw new AppError("NOT_FOUND", "Token not found");
  if (!token.revokedAt)
    await db.prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
  return token.prefix;
}
