import { DeleteEvent } from "~/app/_components/event/delete-event";
import { EventForm } from "~/app/_components/event/event-form";
import { mapTiles } from "~/lib/map-config";
import { timeZones } from "~/lib/time";
import { orNotFound, pageContext } from "~/trpc/server";

export default async function EventSettingsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { api, t } = await pageContext(`/events/${eventId}/settings`);
  const event = await orNotFound(api.event.get({ id: eventId }));
  return (
    <div className="stack">
      <EventForm event={event} timeZones={timeZones()} tiles={mapTiles()} />
      <section className="card danger section" aria-labelledby="danger-zone">
        <h2 id="danger-zone">{t.event.dangerZone}</h2>
        <p className="muted">{t.event.deleteTitle}</p>
        <DeleteEvent id={event.id} name={event.name} tracks={event.tracks_count} />
      </section>
    </div>
  );
}
