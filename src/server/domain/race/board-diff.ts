import type { LeaderboardRow } from "./ranking";

/** A row's fields a viewer is told about when they change (rank and gap in metres have their own rules). */
export type RowField = Exclude<keyof LeaderboardRow, "id">;

/** A row that was sent before: which of its fields changed since (`row` is the row now). */
export interface RowPatch {
  row: LeaderboardRow;
  fields: RowField[];
}

/**
 * A leaderboard message's content: complete rows for the participants not sent before, the changed fields of
 * those whose own figures changed, bare ranks for those only overtaken (or overtaking by someone else's move),
 * the leader's distance (every running row's gap in metres follows from it), and who left.
 */
export interface BoardDiff {
  rows: LeaderboardRow[];
  patches: RowPatch[];
  ranks: Array<[string, number | null]>;
  removed: string[];
  /** The leader's distance in whole metres (rank 1), or null without a leader: no gaps then. */
  leaderM: number | null;
  /** The rows as sent: what the next diff compares with. */
  published: Map<string, LeaderboardRow>;
}

/** The leader's distance a running row's `gapM` is measured from (see ranking.ts, addGaps). */
export function leaderDistanceM(rows: readonly LeaderboardRow[]): number | null {
  const leader = rows[0];
  return leader && leader.rank === 1 ? Math.round(leader.distanceM) : null;
}

// The last fix alone does not make a row travel (it comes along when anything else changed); the rank alone
// travels as a bare pair, and a running row's gap in metres not at all.
const QUIET: ReadonlySet<RowField> = new Set(["lastFixTs", "rank", "gapM"]);

/** Equal values; objects (a checkpoint, the flags) one level deep, as their fields are plain values. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && eb[i]?.[1] === v);
}

/** The fields of `row` that differ from `before`, in the row's order; none when only quiet ones changed. */
export function changedFields(before: LeaderboardRow, row: LeaderboardRow): RowField[] {
  const fields: RowField[] = [];
  let loud = false;
  let key: keyof LeaderboardRow;
  for (key in row) {
    if (key === "id" || same(before[key], row[key])) continue;
    // A running row's gap follows from the leader's distance; any other's (finished, or just stopped
    // running) travels with the row.
    if (key === "gapM" && row.status === "running") continue;
    fields.push(key);
    if (!QUIET.has(key)) loud = true;
  }
  return loud ? fields : [];
}

/**
 * What changed since the last message. When the leader moves every running row's gap changes, and one runner
 * overtaking many shifts all their ranks: sent as whole rows, 5,000 runners made every message the whole
 * board (hundreds of KB, several times a second, to every viewer). So a gap travels as the leader's distance,
 * a rank alone as a pair, and a row whose own figures changed as those figures only (a runner's fix moves
 * its distance, pace and predictions; its name, bib, status, checkpoint and flags rarely change). Whole rows
 * only for participants not sent before.
 */
export function diffBoard(
  previous: ReadonlyMap<string, LeaderboardRow>,
  rows: readonly LeaderboardRow[],
): BoardDiff {
  const added: LeaderboardRow[] = [];
  const patches: RowPatch[] = [];
  const ranks: Array<[string, number | null]> = [];
  const published = new Map<string, LeaderboardRow>();
  for (const row of rows) {
    published.set(row.id, row);
    const before = previous.get(row.id);
    if (!before) {
      added.push(row);
      continue;
    }
    const fields = changedFields(before, row);
    if (fields.length > 0) patches.push({ row, fields });
    else {
      // Quiet changes not sent stay unsent: the next diff compares with what viewers were told.
      published.set(row.id, before.rank === row.rank ? before : { ...before, rank: row.rank });
      if (before.rank !== row.rank) ranks.push([row.id, row.rank]);
    }
  }
  const removed: string[] = [];
  for (const id of previous.keys()) if (!published.has(id)) removed.push(id);
  return { rows: added, patches, ranks, removed, leaderM: leaderDistanceM(rows), published };
}
