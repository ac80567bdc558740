import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveBoard } from "~/app/_components/race/live-board";
import { type RaceParams, readRaceParams } from "~/app/_components/race/load-race";
import { mapTiles } from "~/lib/map-config";

export const metadata: Metadata = { referrer: "no-referrer" };

/** Following one runner: their line ("passed km 30 at 10:41 · expected at the finish around 11:58"), live. */
export default async function RunnerPage(props: RaceParams) {
  const { eventId, participantId, share, view } = await readRaceParams(props);
  if (!view?.board.rows.some((r) => r.participant_id === participantId)) notFound();
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
      focus={participantId ?? null}
    />
  );
}
