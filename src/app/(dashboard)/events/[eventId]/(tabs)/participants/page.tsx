import { ParticipantsManager } from "~/app/_components/participants/participants-manager";
import { RegistrationSettings } from "~/app/_components/participants/registration-settings";
import { qrDataUri } from "~/server/services/qr";
import { inviteUrl } from "~/server/services/runner";
import { orNotFound, pageContext } from "~/trpc/server";

/** QR codes are drawn here, on the server (SVG, works offline); past this many rows, only links. */
const MAX_QR = 500;

export default async function ParticipantsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api } = await pageContext(`/events/${eventId}/participants`);
  const [{ participants }, registration] = await Promise.all([
    orNotFound(api.participant.list({ event_id: eventId })),
    orNotFound(api.participant.registration({ event_id: eventId })),
  ]);
  const invites = Object.fromEntries(
    participants.flatMap((p, i) => {
      const url = inviteUrl(p.invite_path);
      return url ? [[p.id, { url, qr: i < MAX_QR ? qrDataUri(url) : null }]] : [];
    }),
  );
  return (
    <div className="stack">
      <RegistrationSettings eventId={eventId} registration={registration} />
      <ParticipantsManager eventId={eventId} participants={participants} invites={invites} />
    </div>
  );
}
