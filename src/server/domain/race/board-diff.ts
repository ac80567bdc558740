import type { LeaderboardRow } from "./ranking";

/** A row's fields a viewer is told about when they change (rank and gap in metres are derived: see diffBoard). */
export type RowField = Exclude<keyof LeaderboardRow, "id">;

/** A row that was sent before: which of its fields changed since (`row` is the row now). */
export interface RowPatch {
  row: LeaderboardRow;
  fields: RowField[];
}

/**
 * A leaderboard message's content: complete rows for the participants not sent before, the changed fields of
 * those whose own figures changed, the leader's distance (every running row's gap in metres follows from it),
 * and who left. No rank: every rank follows from the rows' status, time and whole metres (see diffBoard).
 */
export interface BoardDiff {
  rows: LeaderboardRow[];
  patches: RowPatch[];
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

// The last fix alone does not make a row travel (it comes along when anything else changed).
const QUIET: ReadonlySet<RowField> = new Set(["lastFixTs"]);

/** Equal values; objects (a checkpoint, the flags) one level deep, as their fields are plain values. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  return ea.length === eb.length && ea.every(([k, v], i) => eb[i]?.[0] === k && eb[i]?.[1] === v);
}

/**
 * The fields of `row` that differ from `before`, in the row's order; none when only quiet ones changed. Never
 * the rank: viewers derive it (see diffBoard).
 */
export function changedFields(before: LeaderboardRow, row: LeaderboardRow): RowField[] {
  const fields: RowField[] = [];
  let loud = false;
  let key: keyof LeaderboardRow;
  for (key in row) {
    if (key === "id" || key === "rank" || same(before[key], row[key])) continue;
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
 * overtaking k others shifts k + 1 ranks: sent as whole rows, 5,000 runners made every message the whole
 * board; sent as `[id, rank]` pairs, ~2,700 runners changing rank every 400 ms made 130 of a frame's 183 KB
 * (README, bench:race). Neither needs to travel: a rank is the competition rank of the fields that order the
 * board (ranking.ts: status, then a finisher's time in whole seconds, a runner's distance in whole metres —
 * what the wire shows), so a viewer holding every row's current fields derives every rank, ties included, and
 * a running row's gap from the leader's distance. The runner who overtook costs its own fields (which changed
 * anyway: its fix moved it), the overtaken cost nothing. Changed rows travel as those figures only (a fix
 * moves distance, pace and predictions; name, bib, status, checkpoint and flags rarely change); whole rows
 * only for participants not sent before.
 */
export function diffBoard(
  previous: ReadonlyMap<string, LeaderboardRow>,
  rows: readonly LeaderboardRow[],
): BoardDiff {
  const added: LeaderboardRow[] = [];
  const patches: RowPatch[] = [];
  const published = new Map<string, LeaderboardRow>();
  for (const row of rows) {
    const before = previous.get(row.id);
    if (!before) {
      added.push(row);
      published.set(row.id, row);
      continue;
    }
    const fields = changedFields(before, row);
    if (fields.length > 0) patches.push({ row, fields });
    // Quiet changes not sent stay unsent: the next diff compares with what viewers were told (its rank is
    // never compared, so `before` may keep a stale one).
    published.set(row.id, fields.length > 0 ? row : before);
  }
  const removed: string[] = [];
  for (const id of previous.keys()) if (!published.has(id)) removed.push(id);
  return { rows: added, patches, removed, leaderM: leaderDistanceM(rows), published };
}
