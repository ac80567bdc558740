import { ShareLinksPanel } from "~/app/_components/live/share-links-panel";
import { orNotFound, pageContext } from "~/trpc/server";

/** Live viewing settings: who may watch (share links of a private event) and the spectators' delay. */
export default async function EventLivePage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api } = await pageContext(`/events/${eventId}/live`);
  const event = await orNotFound(api.event.get({ id: eventId }));
  return (
    <ShareLinksPanel
      eventId={event.id}
      isPublic={event.is_public}
      timezone={event.timezone}
      spectatorDelaySec={event.spectator_delay_sec}
    />
  );
}
