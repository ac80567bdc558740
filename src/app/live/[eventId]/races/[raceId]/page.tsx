import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveBoard } from "~/app/_components/race/live-board";
import { type RaceParams, readRaceParams } from "~/app/_components/race/load-race";
import { mapTiles } from "~/lib/map-config";

export const metadata: Metadata = { referrer: "no-referrer" };

/** A race's live leaderboard for spectators (phone first). */
export default async function RaceBoardPage(props: RaceParams) {
  const { eventId, share, view } = await readRaceParams(props);
  if (!view) notFound();
  return (
    <LiveBoard
      eventId={eventId}
      raceId={view.race.id}
      raceName={view.race.name}
      share={share}
      timezone={view.race.event.timezone}
      delaySec={view.viewer.delaySec}
      initial={view.board}
      course={view.course}
      tiles={mapTiles()}
    />
  );
}
