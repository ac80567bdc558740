import { createHash, randomBytes } from "node:crypto";

export const TOKEN_SCOPES = ["tracks:read", "tracks:write", "tracks:delete"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const TOKEN_PREFIX = "rfy_";

/**
 * A new application token. Only its SHA-256 is stored: tokens carry 256 random bits, so a fast hash is enough
 * (a slow password hash would only add latency to every API call). The prefix is kept for display.
 */
export function generateToken(): { raw: string; hash: string; prefix: string } {
  const raw = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { raw, hash: hashToken(raw), prefix: raw.slice(0, TOKEN_PREFIX.length + 8) };
}

export function hashToken(raw: string): string {
  return createHash("sha256").update(raw, "utf8").digest("hex");
}

/** The token of a request: `X-API-Key: <token>` or `Authorization: Bearer <token>`. */
export function tokenFromHeaders(headers: Headers): string | null {
  const apiKey = headers.get("x-api-key")?.trim();
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
