import { ParticipantsManager } from "~/app/_components/participants/participants-manager";
import { orNotFound, pageContext } from "~/trpc/server";

export default async function ParticipantsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api } = await pageContext(`/events/${eventId}/participants`);
  const { participants } = await orNotFound(api.participant.list({ event_id: eventId }));
  return <ParticipantsManager eventId={eventId} participants={participants} />;
}
