import type { TLeaderboardRow } from "~/server/api/schemas/race";
import type { LeaderboardMessage } from "~/server/live/wire";

/**
 * A race's leaderboard in the browser: the rows fetched first, then the live `leaderboard` messages. Each
 * message carries complete rows for participants new to the stream (a replace by participant), the changed
 * fields of the others whose figures changed, and the leader's distance the running rows' gaps follow from
 * (server/live/wire.ts); every rank is then derived from the rows (`rankRows`). A message not newer than what
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
  const leader = m.leader_m;
  if (leader !== undefined)
    for (const [id, r] of Object.entries(rows)) {
      if (r.status !== "running") continue;
      const gap = leader === null ? null : Math.max(0, leader - r.distance_m);
      if (r.gap_m !== gap) rows[id] = { ...r, gap_m: gap };
    }
  // A full board carries the server's ranks; a patch carries none (wire.ts).
  if (!m.full) rankRows(rows);
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
 * all (~1 ms at 5,000 rows) with no order to keep. Replaces, in place, the rows whose rank differs.
 */
export function rankRows(rows: Record<string, TLeaderboardRow>): void {
  const times: number[] = [];
  const metres: number[] = [];
  const list = Object.values(rows);
  for (const r of list) {
    if (r.status === "finished") times.push(r.time_sec ?? Number.POSITIVE_INFINITY);
    else if (r.status === "running") metres.push(r.distance_m);
  }
  const byTime = Float64Array.from(times).sort();
  const byMetres = Float64Array.from(metres).sort();
  for (const r of list) {
    let rank: number | null = null;
    if (r.status === "finished") rank = 1 + countBelow(byTime, r.time_sec ?? Number.POSITIVE_INFINITY, false);
    else if (r.status === "running")
      rank = 1 + byTime.length + byMetres.length - countBelow(byMetres, r.distance_m, true);
    if (r.rank !== rank) rows[r.participant_id] = { ...r, rank };
  }
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
