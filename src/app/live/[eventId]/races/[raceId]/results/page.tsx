import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ResultsTable } from "~/app/_components/race/results-table";
import { type RaceParams, readRaceParams } from "~/app/_components/race/load-race";
import { getI18n } from "~/lib/i18n/server";
import { mapTiles } from "~/lib/map-config";

export const metadata: Metadata = { referrer: "no-referrer" };

/** A race's results: frozen when the course closes, provisional until then; CSV export. */
export default async function RaceResultsPage(props: RaceParams) {
  const { eventId, share, view } = await readRaceParams(props);
  if (!view) notFound();
  const [{ t, locale }, results] = await Promise.all([getI18n(), view.results()]);
  const q = share ? `?share=${encodeURIComponent(share)}` : "";
  return (
    <ResultsTable
      t={t.race}
      locale={locale}
      name={view.race.name}
      results={results}
      csvHref={`/api/events/${eventId}/races/${view.race.id}/results.csv${q}`}
      boardHref={`/live/${eventId}/races/${view.race.id}${q}`}
      course={view.course}
      tiles={mapTiles()}
    />
  );
}
