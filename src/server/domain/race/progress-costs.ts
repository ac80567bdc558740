import { haversineMeters } from "~/server/domain/stats/geo";
import { OUTLIER_SLACK_M } from "~/server/domain/stats/params";
import type { Candidate } from "./candidates";
import type { Course } from "./course";
import {
  ALONG_SLACK_M,
  MATCH_RADIUS_M,
  OFF_COURSE_M,
  OFFSET_SIGMA_M,
  TRANSITION_SIGMA_FRACTION,
  TRANSITION_SIGMA_M,
} from "./params";
import type {
  Fix,
  Hypothesis,
  PendingStep,
  ProgressParams,
  ProgressSample,
  ProgressState,
} from "./progress-types";

/** One call of the matcher: a private copy of the state, and the samples it decides. */
export interface Context {
  course: Course;
  params: ProgressParams;
  radiusM: number;
  state: ProgressState;
  out: ProgressSample[];
}

export function context(course: Course, state: ProgressState, params: ProgressParams): Context {
  const offCourseM = params.offCourseM ?? OFF_COURSE_M;
  const radiusM = Math.max(params.matchRadiusM ?? MATCH_RADIUS_M, offCourseM + 10);
  return { course, params, radiusM, state: structuredClone(state), out: [] };
}

// Gaussian negative log-likelihoods (up to a constant): the offset of a fix, the error of a move.
export const emission = (c: Candidate): number => (c.offsetM / OFFSET_SIGMA_M) ** 2 / 2;

export function reach(params: ProgressParams, fromTs: number, toTs: number): number {
  return (params.maxSpeedMps * Math.max(0, toTs - fromTs)) / 1000 + ALONG_SLACK_M;
}

/** Cost of going from `h` to candidate `c` of `fix`, or null when out of reach. */
export function transition(
  ctx: Context,
  h: Omit<Hypothesis, "path" | "cost">,
  c: Candidate,
  fix: Fix,
): number | null {
  const delta = c.alongM - h.alongM;
  if (Math.abs(delta) > reach(ctx.params, h.ts, fix.ts)) return null;
  // The statistics' plausibility test on the fixes themselves: a spike near another part of the course
  // must not be reachable just because that part is.
  const straight = haversineMeters(h.lat, h.lon, fix.lat, fix.lon);
  if (straight > (ctx.params.maxSpeedMps * (fix.ts - h.ts)) / 1000 + OUTLIER_SLACK_M) return null;
  // Along the course the runner covered at least the straight line, and at most what the current speed
  // gives (or stopped in between): any move in that range is free, errors outside it cost.
  const speed = ctx.state.last?.speedMps ?? 0;
  const most = Math.max(straight, (speed * (fix.ts - h.ts)) / 1000);
  const error = delta < straight ? straight - delta : Math.max(0, delta - most);
  return (error / (TRANSITION_SIGMA_M + TRANSITION_SIGMA_FRACTION * most)) ** 2 / 2;
}

export const matchedStep = (fix: Fix, c: Candidate): PendingStep => ({
  ts: fix.ts,
  alongM: c.alongM,
  offsetM: c.offsetM,
  relock: false,
});
