import type { Checkpoint } from "./checkpoints";
import type { Course } from "./course";
import type { Passing } from "./passings";
import { predictEtaTs, predictFinishTs } from "./prediction";
import { type Entrant, type RaceRules, type RaceStatus, type StatusReason, timingOf } from "./status";

/** Everything a race's ranking needs besides its participants. */
export interface RaceContext {
  course: Course;
  /** resolveCheckpoints' list, in course order. */
  checkpoints: readonly Checkpoint[];
  rules: RaceRules;
}

export type RaceFlag = "off-course" | "jump" | "estimated" | "missing";

export interface LeaderboardRow {
  id: string;
  bib: string | null;
  name: string | null;
  /** Competition ranking (1, 2, 2, 4): finished by official time, then running by distance; null otherwise. */
  rank: number | null;
  status: RaceStatus;
  /** False when the organiser set the status. */
  statusAuto: boolean;
  statusReason: StatusReason;
  startTs: number | null;
  finishTs: number | null;
  /** Official time (finish − gun, wave or own start) and chip time (finish − own start), whole seconds. */
  timeSec: number | null;
  chipTimeSec: number | null;
  distanceM: number;
  toFinishM: number;
  /** Finished: time behind the winner. Running: time behind the leader at the last checkpoint passed. */
  gapSec: number | null;
  /** Running: distance behind the leader, in whole metres (leader's shown distance − this one's). */
  gapM: number | null;
  paceSecPerKm: number | null;
  lastCheckpoint: {
    id: string;
    name: string;
    distanceM: number;
    ts: number;
    status: Passing["status"];
  } | null;
  next: { id: string; name: string; distanceM: number; etaTs: number | null } | null;
  predictedFinishTs: number | null;
  lastFixTs: number | null;
  flags: RaceFlag[];
}

const GROUP: Record<RaceStatus, number> = { finished: 0, running: 1, dnf: 2, dsq: 3, not_started: 4, dns: 5 };
/** Below this the runner is standing: no pace shown. */
const MIN_PACE_SPEED_MPS = 0.3;

// One collator: localeCompare with options builds one per call (a 5,000-row sort took 0.6 s).
const BIBS = new Intl.Collator(undefined, { numeric: true });
const byBib = (a: LeaderboardRow, b: LeaderboardRow): number =>
  BIBS.compare(a.bib ?? "", b.bib ?? "") || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The ranking at `nowMs` (live: now; results: the end of the race), in display order. */
export function leaderboard(
  race: RaceContext,
  entrants: readonly Entrant[],
  nowMs: number,
): LeaderboardRow[] {
  const rows = entrants.map((e) => rowOf(race, e, nowMs));
  rows.sort(
    (a, b) =>
      GROUP[a.status] - GROUP[b.status] ||
      (a.status === "finished"
        ? (a.timeSec ?? Number.POSITIVE_INFINITY) - (b.timeSec ?? Number.POSITIVE_INFINITY)
        : 0) ||
      (a.status === "finished" ? 0 : Math.round(b.distanceM) - Math.round(a.distanceM)) ||
      byBib(a, b),
  );
  let rank = 0;
  rows.forEach((row, i) => {
    if (row.status !== "finished" && row.status !== "running") return;
    const prev = rows[i - 1];
    const tied =
      prev !== undefined && prev.rank !== null && prev.status === row.status && sameScore(prev, row);
    rank = tied ? rank : i + 1;
    row.rank = rank;
  });
  addGaps(entrants, rows);
  return rows;
}

function sameScore(a: LeaderboardRow, b: LeaderboardRow): boolean {
  return a.status === "finished"
    ? a.timeSec === b.timeSec
    : Math.round(a.distanceM) === Math.round(b.distanceM);
}

function rowOf(race: RaceContext, e: Entrant, nowMs: number): LeaderboardRow {
  const { course, checkpoints, rules } = race;
  const t = timingOf(rules, checkpoints, e, nowMs);
  const finished = t.status === "finished";
  const seconds = (from: number | null) =>
    finished && from !== null && t.finishTs !== null ? Math.round((t.finishTs - from) / 1000) : null;
  const distanceM = finished ? course.lengthM : Math.min(course.lengthM, e.last?.progressM ?? 0);
  const byId = new Map(e.passings.map((p) => [p.checkpointId, p]));
  let lastCheckpoint: LeaderboardRow["lastCheckpoint"] = null;
  for (const c of checkpoints) {
    const p = byId.get(c.id);
    if (p?.ts != null)
      lastCheckpoint = { id: c.id, name: c.name, distanceM: c.distanceM, ts: p.ts, status: p.status };
  }
  const speed = e.last?.speedMps ?? null;
  const running = t.status === "running";
  const pace =
    running && e.last !== null && t.startTs !== null
      ? { startTs: t.startTs, sample: e.last, climbFactor: rules.climbFactor }
      : null;
  const nextCp = running ? checkpoints.find((c) => c.distanceM > distanceM) : undefined;
  const flags: RaceFlag[] = [];
  if (running && e.last?.offCourse) flags.push("off-course");
  if (e.passings.some((p) => p.reason === "jump")) flags.push("jump");
  if (e.passings.some((p) => p.status === "estimated")) flags.push("estimated");
  if (e.passings.some((p) => p.status === "missing")) flags.push("missing");
  return {
    id: e.id,
    bib: e.bib,
    name: e.name,
    rank: null,
    status: t.status,
    statusAuto: t.statusAuto,
    statusReason: t.statusReason,
    startTs: t.startTs,
    finishTs: finished ? t.finishTs : null,
    timeSec: seconds(t.startTs),
    chipTimeSec: seconds(t.ownStartTs),
    distanceM,
    toFinishM: course.lengthM - distanceM,
    gapSec: null,
    gapM: null,
    paceSecPerKm: running && speed !== null && speed >= MIN_PACE_SPEED_MPS ? Math.round(1000 / speed) : null,
    lastCheckpoint,
    next: nextCp
      ? {
          id: nextCp.id,
          name: nextCp.name,
          distanceM: nextCp.distanceM,
          etaTs: pace && predictEtaTs(course, pace, nextCp.distanceM),
        }
      : null,
    predictedFinishTs: pace && predictFinishTs(course, pace),
    lastFixTs: e.last?.ts ?? null,
    flags,
  };
}

/** Gaps to the leader (rank 1): on time for finishers, at the last shared checkpoint for runners. */
function addGaps(entrants: readonly Entrant[], rows: LeaderboardRow[]): void {
  const leader = rows[0];
  if (leader === undefined || leader.rank !== 1) return;
  const leaderPassings = new Map(
    (entrants.find((e) => e.id === leader.id)?.passings ?? []).map((p) => [p.checkpointId, p]),
  );
  for (const row of rows) {
    if (row.status === "finished" && row.timeSec !== null && leader.timeSec !== null) {
      row.gapSec = row.timeSec - leader.timeSec;
    } else if (row.status === "running") {
      // Between the distances as shown (whole metres, as ranked): a live viewer derives it from the leader's.
      row.gapM = Math.max(0, Math.round(leader.distanceM) - Math.round(row.distanceM));
      const at = row.lastCheckpoint;
      const theirs = at && leaderPassings.get(at.id)?.ts;
      if (at && theirs != null && row.startTs !== null && leader.startTs !== null) {
        row.gapSec = Math.round((at.ts - row.startTs - (theirs - leader.startTs)) / 1000);
      }
    }
  }
}
