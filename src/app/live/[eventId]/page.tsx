import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { LiveView } from "~/app/_components/live/live-view";
import { fmt } from "~/lib/i18n";
import { getI18n } from "~/lib/i18n/server";
import { mapTiles } from "~/lib/map-config";
import { getSession } from "~/server/auth/session";
import { config } from "~/server/config";
import { getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { authorizeViewer } from "~/server/live/access";
import { viewerSnapshot } from "~/server/live/snapshot";
import type { LiveSnapshot } from "~/server/live/wire";
import type { TLiveRace } from "~/server/api/schemas/race";
import { liveRaces } from "~/server/services/race-views";

interface Props {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * What this visitor may see of the event: the organiser always, anyone when it is public, anyone with a
 * valid `?share=` key when private; null otherwise. Read once per request (metadata and page).
 */
const loadLive = cache(
  async (
    eventId: string,
    share: string | null,
  ): Promise<{ snapshot: LiveSnapshot; races: TLiveRace[] } | null> => {
    const db = await getDb();
    const session = await getSession().catch(() => null);
    try {
      const viewer = await authorizeViewer(db, eventId, session, share);
      // Shared with the other viewers of this second (snapshot.ts); the stream then starts at its seq.
      const [{ snapshot }, races] = await Promise.all([viewerSnapshot(db, viewer), liveRaces(db, viewer)]);
      return { snapshot, races };
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") return null;
      throw error;
    }
  },
);

async function read({ params, searchParams }: Props) {
  const [{ eventId }, query] = await Promise.all([params, searchParams]);
  const raw = query.share;
  const share = (Array.isArray(raw) ? raw[0] : raw)?.trim() || null;
  const live = await loadLive(eventId, share);
  return { share, snapshot: live?.snapshot ?? null, races: live?.races ?? [] };
}

const liveMapUrl = (eventId: string, share: string | null) =>
  `${config().auth.url ?? ""}/api/live/${eventId}/map.png${share ? `?share=${encodeURIComponent(share)}` : ""}`;

export async function generateMetadata(props: Props): Promise<Metadata> {
  const [{ snapshot, share }, { t: all }] = await Promise.all([read(props), getI18n()]);
  const t = all.live;
  // The share key is in the URL: never pass it on to other sites.
  const base: Metadata = { referrer: "no-referrer" };
  if (!snapshot) return { ...base, title: t.unavailableTitle, robots: { index: false } };
  return {
    ...base,
    title: fmt(t.pageTitle, { name: snapshot.event.name }),
    // A link pasted in a chat shows the course (drawn by the server; the key is the link's own).
    openGraph: { images: [{ url: liveMapUrl(snapshot.event.id, share), width: 1200, height: 630 }] },
    twitter: { card: "summary_large_image", images: [liveMapUrl(snapshot.event.id, share)] },
    robots: snapshot.event.is_public ? undefined : { index: false, follow: false },
  };
}

/** The event's live map for spectators (and the organiser), outside the dashboard. */
export default async function LivePage(props: Props) {
  const { share, snapshot, races } = await read(props);
  if (!snapshot) notFound();
  return (
    <LiveView key={snapshot.event.id} initial={snapshot} races={races} tiles={mapTiles()} share={share} />
  );
}
