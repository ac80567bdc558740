import type { Database } from "~/server/db";
import type { LeaderboardRow } from "~/server/domain/race";
import { processSingleton } from "~/server/process-singleton";

/**
 * Where the live stream gets a race's whole leaderboard when a `leaderboard` change reaches it without its
 * rows (from another instance, or from the log on catch-up). The race service registers itself at start-up
 * (services/race-live.ts), so that live/ does not depend on services/.
 */
export type LeaderboardSource = (
  db: Database,
  raceId: string,
) => Promise<{ eventId: string; rows: LeaderboardRow[] } | null>;

const holder = () =>
  processSingleton("live:leaderboard-source", () => ({ source: null as LeaderboardSource | null }));

export function setLeaderboardSource(source: LeaderboardSource): void {
  holder().source = source;
}

export async function currentLeaderboard(db: Database, raceId: string) {
  const source = holder().source;
  return source ? source(db, raceId) : null;
}
