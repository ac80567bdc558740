import type { Database } from "~/server/db";
import { isUuid } from "~/server/db/tracks";
import { notFound } from "~/server/errors";
import { shareLinkGrant } from "~/server/services/share-links";

/** Who watches a live stream, as far as what they may see is concerned. */
export interface Viewer {
  eventId: string;
  role: "organiser" | "spectator";
  /** Positions are shown this many seconds late (spectators only). */
  delaySec: number;
  /** When the viewer's access ends by itself (its share link expires), epoch ms; null: no end. */
  until: number | null;
}

/**
 * Who may watch an event: its organiser always; anyone when it is public; anyone with a valid live share link
 * when private. Everything else is a 404, so event ids do not leak. Streams are checked again whenever the
 * event's access changes (a share link revoked, the event made private, a delay set: see hub.ts).
 */
export async function authorizeViewer(
  db: Database,
  eventId: string,
  session: { userId: string } | null,
  shareKey: string | null,
): Promise<Viewer> {
  const event = isUuid(eventId)
    ? await db.prisma.event.findUnique({
        where: { id: eventId },
        select: { id: true, ownerId: true, isPublic: true, spectatorDelaySec: true },
      })
    : null;
  if (!event) throw notFound("Event");
  if (session?.userId === event.ownerId) return { eventId, role: "organiser", delaySec: 0, until: null };
  const spectator = { eventId, role: "spectator" as const, delaySec: event.spectatorDelaySec };
  if (event.isPublic) return { ...spectator, until: null };
  const grant = await shareLinkGrant(db, eventId, shareKey);
  if (grant) return { ...spectator, until: grant.expiresAt?.getTime() ?? null };
  throw notFound("Event");
}
