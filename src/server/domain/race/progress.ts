import { OUTLIER_CONFIRM_POINTS } from "~/server/domain/stats/params";
import { type Candidate, candidatesAt } from "./candidates";
import type { Course } from "./course";
import { BACKTRACK_M, MAX_HYPOTHESES, MERGE_M, NEAREST_MARGIN_M, PRUNE_COST, START_PRIOR_M } from "./params";
import { commitPath } from "./progress-commit";
import { type Context, context, emission, matchedStep, reach, transition } from "./progress-costs";
import { relock } from "./progress-relock";
import type {
  Fix,
  Hypothesis,
  PendingStep,
  ProgressParams,
  ProgressSample,
  ProgressState,
} from "./progress-types";

/**
 * Map matching of a runner's fixes onto the course, one fix at a time (docs/race.md, "Progress"). Each fix
 * gets its candidates (one per pass of the course nearby); a small set of hypotheses is extended Viterbi
 * style, each step allowed only within max speed × time along the course, and scored on the fix's offset
 * and on how well the along-course move fits between the straight-line move and the runner's speed. A decision
 * is made as soon as one hypothesis is left, or after OUTLIER_CONFIRM_POINTS fixes at most. Fixes near the
 * course but out of reach of every hypothesis are suspects; OUTLIER_CONFIRM_POINTS agreeing ones re-locate
 * the runner (the statistics' outlier idea: consistent fixes outvote the last good one, a lone one does not).
 */
const CONFIRM = OUTLIER_CONFIRM_POINTS;

export function emptyProgressState(): ProgressState {
  return {
    v: 1,
    lastFixTs: null,
    last: null,
    firstTs: null,
    lastMatched: null,
    hypotheses: [],
    suspects: [],
    anchors: [],
    offSince: null,
  };
}

/**
 * Takes a batch of fixes (sorted by time; fixes not later than the last one taken are ignored) and returns
 * the new state (the input is not modified) with the samples decided by this batch, in time order. Feeding
 * the same fixes in any batches gives the same samples and state as one call with all of them.
 */
export function advanceProgress(
  course: Course,
  state: ProgressState,
  fixes: readonly Fix[],
  params: ProgressParams,
): { state: ProgressState; samples: ProgressSample[] } {
  const ctx = context(course, state, params);
  for (const fix of fixes) takeFix(ctx, fix);
  return { state: ctx.state, samples: ctx.out };
}

/**
 * Decides the fixes still pending (the best hypothesis wins; unconfirmed suspects stay unmatched): at the
 * end of a track, or on a throw-away copy for a provisional live view.
 */
export function settleProgress(
  course: Course,
  state: ProgressState,
  params: ProgressParams,
): { state: ProgressState; samples: ProgressSample[] } {
  const ctx = context(course, state, params);
  const best = ctx.state.hypotheses[0];
  if (best !== undefined) {
    commitPath(ctx, best.path, Number.POSITIVE_INFINITY);
    ctx.state.hypotheses = [{ ...best, cost: 0, path: [] }];
  }
  ctx.state.suspects = [];
  return { state: ctx.state, samples: ctx.out };
}

function takeFix(ctx: Context, fix: Fix): void {
  const { state, params } = ctx;
  const valid = Number.isFinite(fix.ts) && Number.isFinite(fix.lat) && Number.isFinite(fix.lon);
  if (!valid || Math.abs(fix.lat) > 90 || Math.abs(fix.lon) > 180) return;
  if (params.startMs !== null && fix.ts < params.startMs) return;
  if (params.endMs !== null && fix.ts > params.endMs) return;
  if (state.lastFixTs !== null && fix.ts <= state.lastFixTs) return;
  state.lastFixTs = fix.ts;
  const candidates = candidatesAt(ctx.course, fix.lat, fix.lon, ctx.radiusM);
  const offsetM = candidates.length === 0 ? null : Math.min(...candidates.map((c) => c.offsetM));
  const unmatched: PendingStep = { ts: fix.ts, alongM: null, offsetM, relock: false };

  if (state.hypotheses.length === 0) {
    const startMs = params.startMs;
    state.hypotheses = candidates
      .filter((c) => startMs === null || c.alongM <= reach(params, startMs, fix.ts))
      .map((c) => ({
        cost: emission(c) + c.alongM / START_PRIOR_M,
        alongM: c.alongM,
        ts: fix.ts,
        lat: fix.lat,
        lon: fix.lon,
        path: [matchedStep(fix, c)],
      }));
  } else if (candidates.length === 0) {
    // Far from the course: nothing to learn about the progress, and a run of suspects is broken.
    for (const h of state.hypotheses) h.path.push(unmatched);
    state.suspects = [];
  } else {
    extend(ctx, fix, candidates, offsetM, unmatched);
  }
  resolve(ctx);
}

/**
 * Extends the hypotheses with the fix's reachable candidates. Unreachable ones make the fix a suspect when
 * nothing reachable explains it, or while the best hypothesis runs backwards more than BACKTRACK_M behind
 * the progress: on an out-and-back whose lanes overlap, a runner locked on the wrong lane (a turn short
 * of the turnaround, a wrong pick after a gap) looks like someone running back, and only the suspects on
 * the other lane can set that right.
 */
function extend(
  ctx: Context,
  fix: Fix,
  candidates: Candidate[],
  offsetM: number | null,
  unmatched: PendingStep,
): void {
  const { state } = ctx;
  const next: Hypothesis[] = [];
  const unreachable: Candidate[] = [];
  for (const c of candidates) {
    let best: { cost: number; from: Hypothesis } | null = null;
    for (const h of state.hypotheses) {
      const t = transition(ctx, h, c, fix);
      if (t !== null && (best === null || h.cost + t < best.cost)) best = { cost: h.cost + t, from: h };
    }
    if (best === null) unreachable.push(c);
    // A reachable place much farther than the nearest part of the course does not explain the fix.
    else if (c.offsetM <= (offsetM ?? 0) + NEAREST_MARGIN_M) {
      next.push({
        cost: best.cost + emission(c),
        alongM: c.alongM,
        ts: fix.ts,
        lat: fix.lat,
        lon: fix.lon,
        path: [...best.from.path, matchedStep(fix, c)],
      });
    }
  }
  if (next.length === 0) {
    for (const h of state.hypotheses) h.path.push(unmatched);
    state.suspects.push({ ts: fix.ts, lat: fix.lat, lon: fix.lon, offsetM, candidates });
  } else {
    state.hypotheses = next;
    const furthest = Math.max(...next.map((h) => h.alongM));
    const backtracking = furthest < (state.last?.progressM ?? 0) - BACKTRACK_M;
    if (!backtracking || unreachable.length === 0) {
      state.suspects = [];
      return;
    }
    // Only the fix's own fields: a stored point carries more, which has no place in the state.
    state.suspects.push({ ts: fix.ts, lat: fix.lat, lon: fix.lon, offsetM, candidates: unreachable });
  }
  if (state.suspects.length >= CONFIRM) relock(ctx);
}

/** Prunes and merges the hypotheses, then decides what can be decided. */
function resolve(ctx: Context): void {
  const { state } = ctx;
  const sorted = [...state.hypotheses].sort((a, b) => a.cost - b.cost);
  const bestCost = sorted[0]?.cost ?? 0;
  const kept: Hypothesis[] = [];
  for (const h of sorted) {
    if (h.cost > bestCost + PRUNE_COST || kept.length >= MAX_HYPOTHESES) break;
    if (kept.some((k) => Math.abs(k.alongM - h.alongM) <= MERGE_M)) continue;
    kept.push({ ...h, cost: h.cost - bestCost });
  }
  state.hypotheses = kept;
  const best = kept[0];
  if (best === undefined) return;
  const bound = state.suspects[0]?.ts ?? Number.POSITIVE_INFINITY;
  if (kept.length === 1) commitPath(ctx, best.path, bound);
  else if (best.path.length >= CONFIRM) {
    commitPath(ctx, best.path, bound);
    state.hypotheses = [best];
  }
}

/** Guards a state read back from the database (an unknown or older shape means: recompute from the fixes). */
export function isProgressState(value: unknown): value is ProgressState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 1 &&
    Array.isArray(v.hypotheses) &&
    Array.isArray(v.suspects) &&
    Array.isArray(v.anchors) &&
    (v.last === null || typeof v.last === "object")
  );
}
