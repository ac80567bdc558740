import { z } from "zod";
import { TOKEN_SCOPES } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import { ensureEventWithToken } from "~/server/services/events";
import { setAdminByEmail } from "~/server/services/accounts";
import { ensureOrganiser } from "~/server/services/organisers";
import { createShareLink } from "~/server/services/share-links";
import { TOKEN_MAX_LIFETIME_SEC } from "~/server/api/schemas/token";
import { revokeTokenByValue, setTokenExpiry } from "~/server/services/tokens";

/** Operator commands shared by the CLI (direct database access) and the embedded server's admin socket. */
export const ZTokenCommand = z.object({
  op: z.literal("token"),
  event: z.string().min(1).max(200),
  timezone: z.string().optional(),
  public: z.boolean().optional(),
  label: z.string().max(100).optional(),
  scopes: z.array(z.enum(TOKEN_SCOPES)).optional(),
  owner: z.email().optional(),
  spectator_delay_sec: z.number().int().min(0).max(3600).optional(),
  /** The token stops working this many seconds from now. */
  expires_in_sec: z.number().int().min(1).max(TOKEN_MAX_LIFETIME_SEC).optional(),
});
export type TTokenCommand = z.infer<typeof ZTokenCommand>;

export const ZRevokeCommand = z.object({ op: z.literal("revoke"), token: z.string().min(8) });
/** A share link to watch a (private) event live, for the event's owner (the default organiser if not given). */
export const ZShareCommand = z.object({
  op: z.literal("share"),
  event: z.string().min(1).max(200),
  owner: z.email().optional(),
  expires_in_sec: z.number().int().positive().optional(),
});
/** Makes an organiser an instance administrator, or no longer one (never the last). */
export const ZAccountCommand = z.object({ op: z.literal("admin"), email: z.email(), admin: z.boolean() });
export const ZAdminCommand = z.discriminatedUnion("op", [
  ZTokenCommand,
  ZRevokeCommand,
  ZShareCommand,
  ZAccountCommand,
]);
export type TAdminCommand = z.infer<typeof ZAdminCommand>;

export interface TokenCommandResult {
  eventId: string;
  eventName: string;
  eventCreated: boolean;
  owner: string;
  token: string;
  prefix: string;
}

export async function runTokenCommand(db: Database, cmd: TTokenCommand): Promise<TokenCommandResult> {
  const owner = await ensureOrganiser(db, { email: cmd.owner });
  const { event, token, created } = await ensureEventWithToken(db, owner.id, {
    name: cmd.event,
    timezone: cmd.timezone,
    isPublic: cmd.public,
    spectatorDelaySec: cmd.spectator_delay_sec,
    label: cmd.label,
    scopes: cmd.scopes,
  });
  // A new event's first token is issued with it; the expiry is set on whichever token this is.
  if (cmd.expires_in_sec)
    await setTokenExpiry(db, token.raw, new Date(Date.now() + cmd.expires_in_sec * 1000));
  return {
    eventId: event.id,
    eventName: event.name,
    eventCreated: created,
    owner: owner.email,
    token: token.raw,
    prefix: token.prefix,
  };
}

export type AdminCommandResult =
  | TokenCommandResult
  | { revoked: string }
  | { eventId: string; shareKey: string }
  | { email: string; admin: boolean };

export async function runAdminCommand(db: Database, cmd: TAdminCommand): Promise<AdminCommandResult> {
  if (cmd.op === "revoke") return { revoked: await revokeTokenByValue(db, cmd.token) };
  if (cmd.op === "admin") return { email: await setAdminByEmail(db, cmd.email, cmd.admin), admin: cmd.admin };
  if (cmd.op === "share") {
    const owner = await ensureOrganiser(db, { email: cmd.owner });
    const event = await db.prisma.event.findUnique({
      where: { ownerId_name: { ownerId: owner.id, name: cmd.event } },
    });
    if (!event) throw new Error(`no event "${cmd.event}" for ${owner.email}`);
    const expiresAt = cmd.expires_in_sec ? new Date(Date.now() + cmd.expires_in_sec * 1000) : null;
    const link = await createShareLink(db, owner.id, { eventId: event.id, label: "CLI", expiresAt });
    return { eventId: event.id, shareKey: link.key };
  }
  return runTokenCommand(db, cmd);
}
