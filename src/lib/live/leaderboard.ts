import type { TLeaderboardRow } from "~/server/api/schemas/race";
import type { LeaderboardMessage } from "~/server/live/wire";

/**
 * A race's leaderboard in the browser: the rows fetched first, then the live `leaderboard` messages. Each
 * message carries complete rows for participants new to the stream (a replace by participant), the changed
 * fields of the others whose figures changed, bare ranks for those only overtaken, and the leader's distance
 * the running rows' gaps follow from (server/live/wire.ts); a message not newer than what the board holds
 * changes nothing.
 */
export interface LeaderboardView {
  raceId: string;
  /** The live seq the rows include (0: none yet). */
  seq: number;
  rows: Record<string, TLeaderboardRow>;
}

export const emptyBoard = (
  raceId: string,
  seq = 0,
  rows: readonly TLeaderboardRow[] = [],
): LeaderboardView => ({
  raceId,
  seq,
  rows: Object.fromEntries(rows.map((r) => [r.participant_id, r])),
});

export function applyLeaderboard(board: LeaderboardView | undefined, m: LeaderboardMessage): LeaderboardView {
  const current = board ?? emptyBoard(m.race_id);
  if (m.seq <= current.seq) return current;
  const rows: Record<string, TLeaderboardRow> = m.full ? {} : { ...current.rows };
  for (const r of m.rows) rows[r.participant_id] = r;
  for (const p of m.patches ?? []) {
    // A patch of a row this board never had (fetched before the participant entered) cannot make a whole
    // row: it waits for the next full board (a reconnection reads the rows again).
    const r = rows[p.participant_id];
    if (r) rows[p.participant_id] = { ...r, ...p };
  }
  for (const [id, rank] of m.ranks ?? []) {
    const r = rows[id];
    if (r && r.rank !== rank) rows[id] = { ...r, rank };
  }
  for (const id of m.removed) delete rows[id];
  const leader = m.leader_m;
  if (leader !== undefined)
    for (const [id, r] of Object.entries(rows)) {
      if (r.status !== "running") continue;
      const gap = leader === null ? null : Math.max(0, leader - r.distance_m);
      if (r.gap_m !== gap) rows[id] = { ...r, gap_m: gap };
    }
  return { raceId: m.race_id, seq: m.seq, rows };
}

const GROUP: Record<TLeaderboardRow["status"], number> = {
  finished: 0,
  running: 1,
  dnf: 2,
  dsq: 3,
  not_started: 4,
  dns: 5,
};

/** Display order: ranked first by rank, then the others as the server orders them (by distance, bib). */
export function orderedRows(board: LeaderboardView): TLeaderboardRow[] {
  return Object.values(board.rows).sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      GROUP[a.status] - GROUP[b.status] ||
      b.distance_m - a.distance_m ||
      (a.bib ?? "").localeCompare(b.bib ?? "", undefined, { numeric: true }),
  );
}
