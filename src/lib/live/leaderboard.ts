import type { TLeaderboardRow } from "~/server/api/schemas/race";
import type { LeaderboardMessage } from "~/server/live/wire";

/**
 * A race's leaderboard in the browser: the rows fetched first, then the live `leaderboard` messages. Each
 * message carries complete rows for participants new to the stream (a replace by participant), the changed
 * fields of the others whose figures changed, and the leader's distance the running rows' gaps follow from
 * (server/live/wire.ts); every rank is then derived from the rows (`rankerOf`). A message not newer than what
 * the board holds changes nothing.
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
  for (const id of m.removed) delete rows[id];
  // A full board carries the server's ranks; a patch carries none (wire.ts). Gaps and ranks in one pass: when
  // the leader moves every running row's gap changes, and one copy of a row is enough for both.
  const rank = m.full ? null : rankerOf(rows);
  const leader = m.leader_m;
  for (const [id, r] of Object.entries(rows)) {
    const gap =
      leader === undefined || r.status !== "running"
        ? r.gap_m
        : leader === null
          ? null
          : Math.max(0, leader - r.distance_m);
    const ranked = rank ? rank(r) : r.rank;
    if (r.gap_m !== gap || r.rank !== ranked) rows[id] = { ...r, gap_m: gap, rank: ranked };
  }
  return { raceId: m.race_id, seq: m.seq, rows };
}

/** Sorted ascending: how many are below `x` (strictly, or up to it when `orEqual`). */
function countBelow(sorted: Float64Array, x: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] ?? 0;
    if (v < x || (orEqual && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every row's rank as the server ranks (server/domain/race/ranking.ts), from the rows alone: competition
 * ranking (1, 2, 2, 4), finished by official time (whole seconds; a finisher without one after those with
 * one), then running by distance (whole metres, as `distance_m` is), numbering on from the finishers; other
 * statuses unranked. A rank is 1 + how many rank strictly ahead, so two sorted columns of numbers give them
 * all with no order to keep: the ranker of a board.
 */
export function rankerOf(rows: Record<string, TLeaderboardRow>): (r: TLeaderboardRow) => number | null {
  const times: number[] = [];
  const metres: number[] = [];
  for (const r of Object.values(rows)) {
    if (r.status === "finished") times.push(r.time_sec ?? Number.POSITIVE_INFINITY);
    else if (r.status === "running") metres.push(r.distance_m);
  }
  const byTime = Float64Array.from(times).sort();
  const byMetres = Float64Array.from(metres).sort();
  return (r) => {
    if (r.status === "finished") return 1 + countBelow(byTime, r.time_sec ?? Number.POSITIVE_INFINITY, false);
    if (r.status === "running")
      return 1 + byTime.length + byMetres.length - countBelow(byMetres, r.distance_m, true);
    return null;
  };
}

const GROUP: Record<TLeaderboardRow["status"], number> = {
  finished: 0,
  running: 1,
  dnf: 2,
  dsq: 3,
  not_started: 4,
  dns: 5,
};
// One collator, as the server's (ranking.ts): localeCompare with options builds one per call.
const BIBS = new Intl.Collator(undefined, { numeric: true });

/**
 * Display order, the server's: ranked first by rank, then the others by status and distance; ties (same
 * rank, or unranked at the same distance) by bib, then id.
 */
export function orderedRows(board: LeaderboardView): TLeaderboardRow[] {
  return Object.values(board.rows).sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      GROUP[a.status] - GROUP[b.status] ||
      b.distance_m - a.distance_m ||
      BIBS.compare(a.bib ?? "", b.bib ?? "") ||
      (a.participant_id < b.participant_id ? -1 : a.participant_id > b.participant_id ? 1 : 0),
  );
}
