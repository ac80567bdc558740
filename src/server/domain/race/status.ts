import { ACTIVITY_PARAMS, type ActivityType } from "~/server/domain/stats";
import type { Checkpoint } from "./checkpoints";
import type { Passing } from "./passings";
import type { ProgressParams, ProgressSample } from "./progress-types";

export type RaceStatus = "not_started" | "running" | "finished" | "dnf" | "dns" | "dsq";
export type StartMode = "gun" | "waves" | "individual";

/** A checkpoint to reach by a time of day, or within a time of the participant's own start. */
export interface Cutoff {
  checkpointId: string;
  atMs?: number | null;
  afterStartSec?: number | null;
}

export interface RaceRules {
  startMode: StartMode;
  /** The gun (gun), the default wave's time (waves), or when the start opens (individual). */
  startMs: number;
  /** Participants still without progress then are DNS; null: never automatic. */
  startClosesMs: number | null;
  cutoffs: readonly Cutoff[];
  /** No fix for this long while running is a DNF (undone if fixes come back); null: never automatic. */
  inactivityDnfSec: number | null;
  /** Metres of flat per metre of climb in predictions (climbFactorFor(activity)). */
  climbFactor: number;
}

/**
 * The progress parameters of a participant: fixes count from their wave (waves) or the race's start, until
 * the course closes (`endMs`), at the activity's impossible speed (the statistics' outlier limit).
 */
export function progressParamsFor(
  rules: RaceRules,
  activity: ActivityType,
  waveStartMs: number | null,
  endMs: number | null,
): ProgressParams {
  const startMs = startFrom(rules.startMode, rules.startMs, waveStartMs);
  return { startMs, endMs, maxSpeedMps: ACTIVITY_PARAMS[activity].maxSpeedMps };
}

/**
 * When a participant's race begins for them: their wave's start (waves; the default wave, `startMs`, for one
 * without), else the race's start (the gun, or when an individual start opens).
 */
export function startFrom(
  startMode: StartMode,
  startMs: number,
  waveStartMs: number | null | undefined,
): number {
  return startMode === "waves" ? (waveStartMs ?? startMs) : startMs;
}

/** What the organiser decided; each field set wins over the automatic value. */
export interface Override {
  status?: RaceStatus | null;
  startTs?: number | null;
  finishTs?: number | null;
}

/** A participant as the ranking sees them, live or at a replayed moment. */
export interface Entrant {
  id: string;
  bib: string | null;
  name: string | null;
  /** Their wave's start (waves); null: the race's startMs. */
  waveStartMs?: number | null;
  /** Latest progress sample (the state's `last` live, the sample at t in a replay); null: none yet. */
  last: ProgressSample | null;
  /** Time of their first sample. */
  firstTs: number | null;
  passings: readonly Passing[];
  override?: Override | null;
}

export type StatusReason = "cutoff" | "inactive" | "start-closed" | "course-closed" | null;

export interface Timing {
  /** Start used for the official time: gun, wave, or own start (individual). */
  startTs: number | null;
  /** Own start: the start passing, or the first fix when tracking began past the start line. */
  ownStartTs: number | null;
  finishTs: number | null;
  status: RaceStatus;
  statusAuto: boolean;
  statusReason: StatusReason;
}

const passingTs = (passings: readonly Passing[], id: string): number | null =>
  passings.find((p) => p.checkpointId === id)?.ts ?? null;

/** Start, finish and status of an entrant at `nowMs`; the organiser's override wins over each automatic value. */
export function timingOf(
  rules: RaceRules,
  checkpoints: readonly Checkpoint[],
  e: Entrant,
  nowMs: number,
): Timing {
  const o = e.override ?? {};
  const ownStartTs = passingTs(e.passings, "start") ?? e.firstTs;
  const autoStart =
    rules.startMode === "individual" ? ownStartTs : startFrom(rules.startMode, rules.startMs, e.waveStartMs);
  const startTs = o.startTs ?? autoStart;
  const finishTs = o.finishTs ?? passingTs(e.passings, "finish");
  const auto = autoStatus(rules, checkpoints, e, { startTs, finishTs }, nowMs);
  if (o.status)
    return { startTs, ownStartTs, finishTs, status: o.status, statusAuto: false, statusReason: null };
  return { startTs, ownStartTs, finishTs, ...auto, statusAuto: true };
}

function autoStatus(
  rules: RaceRules,
  checkpoints: readonly Checkpoint[],
  e: Entrant,
  t: { startTs: number | null; finishTs: number | null },
  nowMs: number,
): { status: RaceStatus; statusReason: StatusReason } {
  const moving =
    (e.last !== null && (e.last.progressM > 0 || passingTs(e.passings, "start") !== null)) ||
    t.finishTs !== null;
  if (!moving) {
    const closed = rules.startClosesMs !== null && nowMs >= rules.startClosesMs;
    return closed
      ? { status: "dns", statusReason: "start-closed" }
      : { status: "not_started", statusReason: null };
  }
  if (missedCutoff(rules, checkpoints, e, t.startTs, nowMs)) return { status: "dnf", statusReason: "cutoff" };
  if (t.finishTs !== null) return { status: "finished", statusReason: null };
  const lastTs = e.last?.ts ?? nowMs;
  if (rules.inactivityDnfSec !== null && nowMs - lastTs > rules.inactivityDnfSec * 1000) {
    return { status: "dnf", statusReason: "inactive" };
  }
  return { status: "running", statusReason: null };
}

/** Reached a cut-off checkpoint after its limit, or not at all while the limit has passed. */
function missedCutoff(
  rules: RaceRules,
  checkpoints: readonly Checkpoint[],
  e: Entrant,
  startTs: number | null,
  nowMs: number,
): boolean {
  for (const cut of rules.cutoffs) {
    const limit =
      cut.atMs ?? (startTs !== null && cut.afterStartSec != null ? startTs + cut.afterStartSec * 1000 : null);
    const checkpoint = checkpoints.find((c) => c.id === cut.checkpointId);
    if (limit === null || checkpoint === undefined) continue;
    const passing = e.passings.find((p) => p.checkpointId === cut.checkpointId);
    if (passing?.ts != null) {
      if (passing.ts > limit) return true;
    } else if (passing === undefined && nowMs > limit) {
      // A passing "missing" (tracking began past it) proves the checkpoint was reached: no cut-off.
      if ((e.last?.progressM ?? 0) < checkpoint.distanceM) return true;
    }
  }
  return false;
}
