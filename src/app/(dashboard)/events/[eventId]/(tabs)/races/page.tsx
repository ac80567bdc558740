import { RacesManager } from "~/app/_components/race/races-manager";
import { orNotFound, pageContext } from "~/trpc/server";

/** The event's races: courses, checkpoints, entries, and links to the live leaderboard and results. */
export default async function RacesPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api } = await pageContext(`/events/${eventId}/races`);
  const event = await orNotFound(api.event.get({ id: eventId }));
  const [{ races }, { participants }] = await Promise.all([
    api.race.list({ id: eventId }),
    api.participant.list({ event_id: eventId }),
  ]);
  return (
    <RacesManager
      eventId={eventId}
      races={races}
      participants={participants.map((p) => ({ id: p.id, name: p.name, bib: p.bib }))}
      startsAt={event.starts_at}
      timezone={event.timezone}
    />
  );
}
