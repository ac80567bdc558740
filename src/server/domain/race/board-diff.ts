import type { LeaderboardRow } from "./ranking";

/** What the last live message told viewers about a row. */
export interface PublishedRow {
  /** The row as shown, without its rank, its gap in metres and the time of its last fix. */
  key: string;
  rank: number | null;
}

/**
 * A leaderboard message's content: complete rows for the participants whose own figures changed, bare ranks
 * for those only overtaken (or overtaking by someone else's move), the leader's distance (every running
 * row's gap in metres follows from it), and who left.
 */
export interface BoardDiff {
  rows: LeaderboardRow[];
  ranks: Array<[string, number | null]>;
  removed: string[];
  /** The leader's distance in whole metres (rank 1), or null without a leader: no gaps then. */
  leaderM: number | null;
  published: Map<string, PublishedRow>;
}

/** The leader's distance a running row's `gapM` is measured from (see ranking.ts, addGaps). */
export function leaderDistanceM(rows: readonly LeaderboardRow[]): number | null {
  const leader = rows[0];
  return leader && leader.rank === 1 ? Math.round(leader.distanceM) : null;
}

/**
 * What changed since the last message. When the leader moves every running row's gap changes, and one runner
 * overtaking many shifts all their ranks: sent as whole rows, 5,000 runners made every message the whole
 * board (hundreds of KB, several times a second, to every viewer). So a gap travels as the leader's distance
 * and a rank alone as a pair; a whole row only when its own figures changed.
 */
export function diffBoard(
  previous: ReadonlyMap<string, PublishedRow>,
  rows: readonly LeaderboardRow[],
): BoardDiff {
  const changed: LeaderboardRow[] = [];
  const ranks: Array<[string, number | null]> = [];
  const published = new Map<string, PublishedRow>();
  for (const row of rows) {
    const { lastFixTs: _l, rank, gapM: _g, ...shown } = row;
    const key = JSON.stringify(shown);
    published.set(row.id, { key, rank });
    const before = previous.get(row.id);
    if (before?.key !== key) changed.push(row);
    else if (before.rank !== rank) ranks.push([row.id, rank]);
  }
  const removed: string[] = [];
  for (const id of previous.keys()) if (!published.has(id)) removed.push(id);
  return { rows: changed, ranks, removed, leaderM: leaderDistanceM(rows), published };
}
