import type { Metadata } from "next";
import { parseStatsQuery } from "~/app/_components/stats/query";
import { StatsView } from "~/app/_components/stats/stats-view";
import { getI18n } from "~/lib/i18n/server";
import { pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.stats.title };
}

/** The organiser's statistics over all their events (or one): GET /stats as a page. */
export default async function StatsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { api, t } = await pageContext("/stats");
  const query = parseStatsQuery(await searchParams);
  const [data, events] = await Promise.all([api.stats.byPeriod(query.request), api.event.list({})]);
  const all = [...events.current, ...events.upcoming, ...events.past].map((e) => ({
    id: e.id,
    name: e.name,
  }));
  return (
    <main>
      <div className="page-header">
        <h1>{t.stats.title}</h1>
      </div>
      <StatsView base="/stats" query={query} data={data} events={all} t={t} />
    </main>
  );
}
