import { createHash, randomBytes } from "node:crypto";
import { publish } from "~/server/bus";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";

const hash = (raw: string) => createHash("sha256").update(raw, "utf8").digest("hex");

async function ownedEvent(db: Database, ownerId: string, eventId: string) {
  const event = await db.prisma.event.findFirst({ where: { id: eventId, ownerId }, select: { id: true } });
  if (!event) throw new AppError("NOT_FOUND", "Event not found");
  return event;
}

/** A share link for a private event: the raw key goes in the URL once; only its hash is stored. */
export async function createShareLink(
  db: Database,
  ownerId: string,
  input: { eventId: string; label?: string; expiresAt?: Date | null },
) {
  await ownedEvent(db, ownerId, input.eventId);
  const raw = randomBytes(24).toString("base64url");
  const link = await db.prisma.shareLink.create({
    data: {
      eventId: input.eventId,
      label: input.label ?? "",
      prefix: raw.slice(0, 6),
      hash: hash(raw),
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: link.id, key: raw };
}

export async function listShareLinks(db: Database, ownerId: string, eventId: string) {
  await ownedEvent(db, ownerId, eventId);
  return db.prisma.shareLink.findMany({ where: { eventId }, orderBy: { createdAt: "desc" } });
}

export async function revokeShareLink(db: Database, ownerId: string, id: string) {
  const { count } = await db.prisma.shareLink.updateMany({
    where: { id, revokedAt: null, event: { ownerId } },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Share link not found");
  const link = await db.prisma.shareLink.findUnique({ where: { id }, select: { eventId: true } });
  // Viewers holding that link are disconnected, here and on the other instances.
  if (link) publish({ type: "access", eventId: link.eventId });
}

/** The share link `key` when it is a live (not revoked, not expired) link of the event, else null. */
export async function shareLinkGrant(
  db: Database,
  eventId: string,
  key: string | null,
): Promise<{ expiresAt: Date | null } | null> {
  if (!key) return null;
  const link = await db.prisma.shareLink.findUnique({ where: { hash: hash(key) } });
  if (!link || link.eventId !== eventId || link.revokedAt) return null;
  if (link.expiresAt && link.expiresAt.getTime() <= Date.now()) return null;
  return { expiresAt: link.expiresAt };
}

export async function setSpectatorDelay(
  db: Database,
  ownerId: string,
  input: { event_id: string; spectator_delay_sec: number },
) {
  await ownedEvent(db, ownerId, input.event_id);
  await db.prisma.event.update({
    where: { id: input.event_id },
    data: { spectatorDelaySec: input.spectator_delay_sec },
  });
  publish({ type: "access", eventId: input.event_id });
  return input;
}
