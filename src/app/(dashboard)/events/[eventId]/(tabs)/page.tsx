import { AutoRefresh } from "~/app/_components/auto-refresh";
import { parseTrackQuery, toListRequest } from "~/app/_components/tracks/query";
import { ImportFiles } from "~/app/_components/tracks/import-files";
import { TrackTable } from "~/app/_components/tracks/track-table";
import { orNotFound, pageContext } from "~/trpc/server";

export default async function EventTracksPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId } = await params;
  const base = `/events/${eventId}`;
  const { api, t } = await pageContext(base);
  const event = await orNotFound(api.event.get({ id: eventId }));
  const query = parseTrackQuery(await searchParams);
  const [result, { participants }] = await Promise.all([
    api.track.list(toListRequest(query, eventId, event.timezone)),
    api.participant.list({ event_id: eventId }),
  ]);
  return (
    <>
      {event.running_count > 0 && <AutoRefresh />}
      <ImportFiles eventId={eventId} eventBase={base} />
      <TrackTable
        base={base}
        eventId={eventId}
        timezone={event.timezone}
        query={query}
        result={result}
        participants={participants}
        t={t}
      />
    </>
  );
}
