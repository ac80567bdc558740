import { generateToken, hashToken, TOKEN_SCOPES, type TokenScope } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import { selectTokenByHash, touchToken } from "~/server/db/tokens";
import { AppError } from "~/server/errors";
import { publishOnce, subscribe, type TokenInvalidation } from "~/server/bus";
import { notify } from "~/server/db/live-log";
import { existingSingleton, processSingleton } from "~/server/process-singleton";

/** What kind of token: an event's (organiser integrations, bulk imports) or a participant's personal one. */
export type TokenKind = "event" | "participant";
export type ParticipantStatus = "invited" | "registered" | "approved" | "revoked";

/** A token that belongs to an event: what every event-scoped endpoint (tracks, imports, /events/{id}) sees. */
export interface TokenAuth {
  tokenId: string;
  kind: TokenKind;
  eventId: string;
  /** A participant's personal token: it creates, writes and reads only this participant's tracks. */
  participantId: string | null;
  /** Its participant's status when issued or last changed ("registered": awaiting approval, may not write). */
  participantStatus: ParticipantStatus | null;
  /** The organiser who owns the event. */
  ownerId: string;
  timezone: string;
  scopes: TokenScope[];
}

/** An organiser's personal token (GET /me, GET/POST /events, invitations): no event of its own. */
export interface OrganiserTokenAuth {
  tokenId: string;
  kind: "organiser";
  userId: string;
  isAdmin: boolean;
  scopes: TokenScope[];
}

export type AnyTokenAuth = TokenAuth | OrganiserTokenAuth;

// last_used_at is written at most once a minute per token, so the hot path stays read-only.
const LAST_USED_EVERY_MS = 60_000;
/**
 * Lookups are kept this long: a revocation reaches this instance at once and the others through the live bus
 * (tokens revoked by the CLI too, see publishTokenInvalidation); the expiry bounds a missed bus message.
 */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;

interface CachedToken {
  tokenId: string;
  eventId: string | null;
  /** The account the token answers for: the organiser's own, or its event's owner (suspensions). */
  ownerId: string | null;
  /** null: revoked, for good (revocation is final), so that answer is safe to keep too. */
  auth: AnyTokenAuth | null;
  /** Its organiser's account is suspended: refused, until an administrator enables it again. */
  accountDisabled: boolean;
  /** When the token itself expires (ms), checked on every hit: a cached entry never outlives its token. */
  tokenExpiresAt: number | null;
  expiresAt: number;
}

interface TokenState {
  /** By token hash, oldest first. Unknown tokens are never kept: one issued elsewhere must work at once. */
  cache: Map<string, CachedToken>;
  /** Bumped by every invalidation: a lookup in flight meanwhile may have read the old row, so is not kept. */
  generation: number;
  inFlight: Map<string, { generation: number; promise: Promise<CachedToken | null> }>;
  lastUsedWritten: Map<string, number>;
}

function tokenState(): TokenState {
  return processSingleton("tokens", () => {
    subscribe("tokens", (message) => dropCached(message.tokens));
    return { cache: new Map(), generation: 0, inFlight: new Map(), lastUsedWritten: new Map() };
  });
}

function dropCached(tokens: TokenInvalidation): void {
  const state = existingSingleton<TokenState>("tokens");
  if (!state) return;
  state.generation++;
  const ids = "tokenIds" in tokens ? new Set(tokens.tokenIds) : null;
  const eventId = "eventId" in tokens ? tokens.eventId : null;
  const ownerId = "ownerId" in tokens ? tokens.ownerId : null;
  for (const [hash, cached] of state.cache)
    if (
      ids?.has(cached.tokenId) ||
      (eventId !== null && cached.eventId === eventId) ||
      (ownerId !== null && cached.ownerId === ownerId)
    )
      state.cache.delete(hash);
}

/**
 * Drops cached lookups of tokens revoked or deleted (or whose event changed): here at once, on the other
 * instances through the live bus.
 */
export async function forgetTokens(db: Database, tokens: TokenInvalidation): Promise<void> {
  dropCached(tokens);
  await publishOnce({ type: "tokens", tokens }, (channel, payload) =>
    db.kind === "postgres" ? notify(db, channel, payload) : Promise.resolve(),
  );
}

/**
 * Resolves a raw token to its event (and participant); unknown or revoked tokens are UNAUTHORIZED, an
 * organiser's personal token is FORBIDDEN here (it has no event: it works on /me and /events).
 */
export async function authenticateToken(db: Database, raw: string | null): Promise<TokenAuth> {
  const auth = await authenticateAnyToken(db, raw);
  if (auth.kind === "organiser")
    throw new AppError(
      "FORBIDDEN",
      "An organiser's personal token has no event: use an event or participant token",
    );
  return auth;
}

/** Any kind of token, organisers' personal ones included; unknown or revoked tokens are UNAUTHORIZED. */
export async function authenticateAnyToken(db: Database, raw: string | null): Promise<AnyTokenAuth> {
  if (!raw) throw new AppError("UNAUTHORIZED", "Missing API token: send X-API-Key or Authorization: Bearer");
  const state = tokenState();
  const hash = hashToken(raw);
  const now = Date.now();
  const hit = state.cache.get(hash);
  const cached = hit && hit.expiresAt > now ? hit : await lookUpToken(state, db, hash, now + CACHE_TTL_MS);
  if (!cached) throw new AppError("UNAUTHORIZED", "Invalid API token");
  if (cached.accountDisabled)
    throw new AppError("UNAUTHORIZED", "This API token's organiser account is disabled");
  const auth = cached.auth;
  if (!auth) throw new AppError("UNAUTHORIZED", "This API token has been revoked");
  if (cached.tokenExpiresAt !== null && cached.tokenExpiresAt <= now)
    throw new AppError(
      "UNAUTHORIZED",
      `This API token expired at ${new Date(cached.tokenExpiresAt).toISOString()}`,
    );
  if (now - (state.lastUsedWritten.get(auth.tokenId) ?? 0) > LAST_USED_EVERY_MS) {
    if (state.lastUsedWritten.size >= CACHE_MAX_ENTRIES) {
      for (const [id, at] of state.lastUsedWritten)
        if (now - at > LAST_USED_EVERY_MS) state.lastUsedWritten.delete(id);
    }
    state.lastUsedWritten.set(auth.tokenId, now);
    await touchToken(db, auth.tokenId);
  }
  return auth;
}

/**
 * One database read per token at a time: requests that arrive while it runs share it (an expiry under load
 * would otherwise send every one of them to the database), unless an invalidation came in meanwhile.
 */
function lookUpToken(state: TokenState, db: Database, hash: string, expiresAt: number) {
  const current = state.inFlight.get(hash);
  if (current && current.generation === state.generation) return current.promise;
  const flight = { generation: state.generation, promise: readToken(state, db, hash, expiresAt) };
  state.inFlight.set(hash, flight);
  const done = () => {
    if (state.inFlight.get(hash) === flight) state.inFlight.delete(hash);
  };
  flight.promise.then(done, done);
  return flight.promise;
}

async function readToken(
  state: TokenState,
  db: Database,
  hash: string,
  expiresAt: number,
): Promise<CachedToken | null> {
  const generation = state.generation;
  const row = await selectTokenByHash(db, hash);
  state.cache.delete(hash);
  if (!row) return null;
  const cached: CachedToken = {
    tokenId: row.id,
    eventId: row.event_id,
    ownerId: row.user_id ?? row.owner_id,
    expiresAt,
    tokenExpiresAt: row.expires_at ? row.expires_at.getTime() : null,
    auth: row.revoked_at ? null : toAuth(row),
    accountDisabled: !row.revoked_at && row.user_disabled,
  };
  if (state.generation === generation) {
    if (state.cache.size >= CACHE_MAX_ENTRIES) {
      const oldest = state.cache.keys().next();
      if (!oldest.done) state.cache.delete(oldest.value);
    }
    state.cache.set(hash, cached);
  }
  return cached;
}

const PARTICIPANT_STATUSES: readonly ParticipantStatus[] = ["invited", "registered", "approved", "revoked"];

function toAuth(row: NonNullable<Awaited<ReturnType<typeof selectTokenByHash>>>): AnyTokenAuth | null {
  const scopes = row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  if (!row.event_id) {
    if (!row.user_id) return null;
    return { tokenId: row.id, kind: "organiser", userId: row.user_id, isAdmin: row.is_admin, scopes };
  }
  const status = PARTICIPANT_STATUSES.find((s) => s === row.participant_status) ?? null;
  // A revoked participant's tokens are revoked with it; this only guards a row changed by hand.
  if (row.participant_id && status === "revoked") return null;
  return {
    tokenId: row.id,
    kind: row.participant_id ? "participant" : "event",
    eventId: row.event_id,
    participantId: row.participant_id,
    participantStatus: row.participant_id ? status : null,
    ownerId: row.owner_id ?? "",
    timezone: row.timezone ?? "UTC",
    scopes,
  };
}

/** Issues a token for an event; the raw value is returned once and never stored. */
export async function issueToken(
  db: Database,
  eventId: string,
  opts: { label?: string; scopes?: TokenScope[]; participantId?: string; expiresAt?: Date | null } = {},
): Promise<{ id: string; raw: string; prefix: string }> {
  const token = generateToken();
  const created = await db.prisma.apiToken.create({
    data: {
      eventId,
      participantId: opts.participantId ?? null,
      label: opts.label ?? "",
      prefix: token.prefix,
      hash: token.hash,
      scopes: opts.scopes ?? [...TOKEN_SCOPES],
      expiresAt: opts.expiresAt ?? null,
    },
  });
  return { id: created.id, raw: token.raw, prefix: token.prefix };
}

/** An organiser's personal token (the runner API's /me and /events); shown once. */
export async function issueOrganiserToken(
  db: Database,
  userId: string,
  label = "",
): Promise<{ id: string; raw: string; prefix: string }> {
  const token = generateToken();
  const created = await db.prisma.apiToken.create({
    data: { userId, label, prefix: token.prefix, hash: token.hash, scopes: [...TOKEN_SCOPES] },
  });
  return { id: created.id, raw: token.raw, prefix: token.prefix };
}

/** Revokes every active token matching `where` (a participant's, an organiser's) and forgets them everywhere. */
export async function revokeTokensWhere(
  db: Database,
  where: { participantId: string } | { userId: string } | { id: string },
): Promise<number> {
  const rows = await db.prisma.apiToken.findMany({
    where: { ...where, revokedAt: null },
    select: { id: true },
  });
  if (rows.length === 0) return 0;
  const tokenIds = rows.map((r) => r.id);
  await db.prisma.apiToken.updateMany({ where: { id: { in: tokenIds } }, data: { revokedAt: new Date() } });
  await forgetTokens(db, { tokenIds });
  return tokenIds.length;
}

/** Sets when a token given by its raw value expires (operators: the CLI's --expires-in). */
export async function setTokenExpiry(db: Database, raw: string, expiresAt: Date | null): Promise<void> {
  const token = await db.prisma.apiToken.update({ where: { hash: hashToken(raw) }, data: { expiresAt } });
  await forgetTokens(db, { tokenIds: [token.id] });
}

export async function revokeToken(db: Database, eventId: string, tokenId: string): Promise<void> {
  const { count } = await db.prisma.apiToken.updateMany({
    where: { id: tokenId, eventId, participantId: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Token not found");
  await forgetTokens(db, { tokenIds: [tokenId] });
}

/** Revokes a token given its raw value (operators); returns its display prefix. */
export async function revokeTokenByValue(db: Database, raw: string): Promise<string> {
  const token = await db.prisma.apiToken.findUnique({ where: { hash: hashToken(raw) } });
  if (!token) throw new AppError("NOT_FOUND", "Token not found");
  if (!token.revokedAt)
    await db.prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
  // Even when already revoked: whoever revoked it may not have told the other instances.
  await forgetTokens(db, { tokenIds: [token.id] });
  return token.prefix;
}
