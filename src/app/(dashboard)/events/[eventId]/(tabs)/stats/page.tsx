import { parseStatsQuery } from "~/app/_components/stats/query";
import { StatsView } from "~/app/_components/stats/stats-view";
import { pageContext } from "~/trpc/server";

/** The event's Statistics tab: its tracks by period, for everyone or one participant. */
export default async function EventStatsPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId } = await params;
  const base = `/events/${eventId}/stats`;
  const { api, t } = await pageContext(base);
  const query = parseStatsQuery(await searchParams, { eventId });
  const [data, { participants }] = await Promise.all([
    api.stats.byPeriod(query.request),
    api.participant.list({ event_id: eventId }),
  ]);
  return <StatsView base={base} query={query} data={data} participants={participants} t={t} />;
}
