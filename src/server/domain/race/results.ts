import { formatDecimal } from "../formats/number-format";
import type { Passing } from "./passings";
import { type LeaderboardRow, leaderboard, type RaceContext } from "./ranking";
import type { Entrant, RaceStatus } from "./status";

/** A checkpoint's time in the results: elapsed since the participant's start. */
export interface ResultSplit {
  checkpointId: string;
  elapsedSec: number | null;
  status: Passing["status"] | null;
}

export interface ResultRow extends Omit<LeaderboardRow, "next" | "predictedFinishTs" | "paceSecPerKm"> {
  splits: ResultSplit[];
}

/**
 * The results frozen at `endMs` (the course has closed): the ranking then, where whoever is still running
 * is a DNF and whoever has not started a DNS (automatic statuses; the organiser's overrides still win),
 * with every checkpoint's time. The same inputs always give the same table.
 */
export function freezeResults(race: RaceContext, entrants: readonly Entrant[], endMs: number): ResultRow[] {
  const closed: Record<RaceStatus, RaceStatus> = {
    running: "dnf",
    not_started: "dns",
    finished: "finished",
    dnf: "dnf",
    dns: "dns",
    dsq: "dsq",
  };
  const rows = leaderboard(race, entrants, endMs).map((row) => {
    const status = row.statusAuto ? closed[row.status] : row.status;
    const wasOpen = status !== row.status;
    return {
      ...row,
      status,
      statusReason: wasOpen ? ("course-closed" as const) : row.statusReason,
      rank: status === "finished" ? row.rank : null,
      gapSec: status === "finished" ? row.gapSec : null,
      gapM: null,
    };
  });
  // Those still running join the DNFs, by distance.
  const order: Record<RaceStatus, number> = {
    finished: 0,
    running: 1,
    dnf: 1,
    dsq: 2,
    not_started: 3,
    dns: 3,
  };
  rows.sort(
    (a, b) => order[a.status] - order[b.status] || (a.status === "dnf" ? b.distanceM - a.distanceM : 0),
  );
  const passingsOf = new Map(
    entrants.map((e) => [e.id, new Map(e.passings.map((p) => [p.checkpointId, p]))]),
  );
  return rows.map(({ next: _next, predictedFinishTs: _p, paceSecPerKm: _pace, ...row }) => ({
    ...row,
    splits: race.checkpoints
      .filter((c) => c.kind !== "start")
      .map((c) => {
        const p = passingsOf.get(row.id)?.get(c.id);
        const elapsedSec =
          p?.ts != null && row.startTs !== null ? Math.round((p.ts - row.startTs) / 1000) : null;
        return { checkpointId: c.id, elapsedSec, status: p?.status ?? null };
      }),
  }));
}

/** h:mm:ss (negative gaps never occur: the winner is first). */
export function formatDuration(sec: number | null): string {
  if (sec === null) return "";
  const s = Math.max(0, Math.round(sec));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

const STATUS_LABEL: Record<RaceStatus, string> = {
  finished: "Finished",
  running: "Running",
  dnf: "DNF",
  dns: "DNS",
  dsq: "DSQ",
  not_started: "Not started",
};

/**
 * The results as CSV cells (header first), unquoted: the caller writes them with the export's CSV quoting.
 * One column per checkpoint after the start (elapsed h:mm:ss), and a last column naming the checkpoints
 * whose time is estimated or missing, so a spreadsheet reads plain times.
 */
export function resultsCsvRows(race: RaceContext, rows: readonly ResultRow[]): string[][] {
  const checkpoints = race.checkpoints.filter((c) => c.kind !== "start");
  const names = new Map(checkpoints.map((c) => [c.id, c.name]));
  const header = ["Rank", "Bib", "Name", "Status", "Time", "Chip time", "Gap", "Distance (km)"];
  const out = [[...header, ...checkpoints.map((c) => c.name), "Estimated or missing"]];
  for (const r of rows) {
    const doubtful = r.splits.filter((s) => s.status === "estimated" || s.status === "missing");
    out.push([
      r.rank === null ? "" : String(r.rank),
      r.bib ?? "",
      r.name ?? "",
      STATUS_LABEL[r.status],
      formatDuration(r.timeSec),
      formatDuration(r.chipTimeSec),
      r.gapSec === null ? "" : `+${formatDuration(r.gapSec)}`,
      formatDecimal(Math.round(r.distanceM) / 1000),
      ...r.splits.map((s) => formatDuration(s.elapsedSec)),
      doubtful.map((s) => `${names.get(s.checkpointId) ?? s.checkpointId} (${s.status})`).join("; "),
    ]);
  }
  return out;
}
