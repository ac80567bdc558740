import type { Course } from "./course";
import type { Context } from "./progress-costs";
import {
  JUMP_MIN_M,
  JUMP_SPEED_FACTOR,
  OFF_COURSE_M,
  OFF_COURSE_SEC,
  SPEED_ANCHOR_SEC,
  SPEED_MIN_SPAN_SEC,
  SPEED_WINDOW_SEC,
} from "./params";
import type { PendingStep, ProgressParams, ProgressSample, ProgressState } from "./progress-types";

/**
 * Turns a decided step into its sample, in time order: the monotonic progress, the current speed, the
 * off-course timer and the jump flag all live here, so every path to a decision (live batch, full
 * recompute, settle) derives them the same way.
 */
export function commitStep(
  state: ProgressState,
  step: PendingStep,
  course: Course,
  params: ProgressParams,
): ProgressSample {
  const previous = state.last;
  const along = step.alongM;
  const progressM = Math.max(previous?.progressM ?? 0, along ?? 0);
  const jump = step.relock || isFastMove(state, step);

  // A jump says nothing about how fast the runner goes: the speed starts afresh after it.
  if (jump) state.anchors = [];
  const anchors = state.anchors;
  const lastAnchor = anchors[anchors.length - 1];
  if (lastAnchor === undefined || step.ts - lastAnchor[0] >= SPEED_ANCHOR_SEC * 1000) {
    anchors.push([step.ts, progressM]);
  }
  // Keep one anchor at or before the window's start, so a gap longer than the window still has a reference.
  while (anchors.length >= 2 && (anchors[1]?.[0] ?? 0) <= step.ts - SPEED_WINDOW_SEC * 1000) anchors.shift();
  const ref = anchors[0];
  const spanSec = ref === undefined ? 0 : (step.ts - ref[0]) / 1000;
  const speedMps = ref !== undefined && spanSec >= SPEED_MIN_SPAN_SEC ? (progressM - ref[1]) / spanSec : null;

  const offCourseM = params.offCourseM ?? OFF_COURSE_M;
  const racing = progressM > 0 && progressM < course.lengthM;
  const away = step.offsetM === null || step.offsetM > offCourseM;
  if (!racing || !away) state.offSince = null;
  else state.offSince ??= step.ts;
  const offCourse =
    state.offSince !== null && step.ts - state.offSince > (params.offCourseSec ?? OFF_COURSE_SEC) * 1000;

  const sample: ProgressSample = {
    ts: step.ts,
    decidedTs: Math.max(step.ts, state.lastFixTs ?? step.ts),
    progressM,
    alongM: along,
    offsetM: step.offsetM,
    speedMps,
    offCourse,
    jump,
  };
  state.last = sample;
  if (along !== null) state.lastMatched = { ts: step.ts, alongM: along, speedMps };
  state.firstTs ??= step.ts;
  return sample;
}

/**
 * Much faster along the course than the runner's speed when last seen on it (the speed decays while off
 * course, when the progress stands still): the signature of a shortcut.
 */
function isFastMove(state: ProgressState, step: PendingStep): boolean {
  const from = state.lastMatched;
  const speed = from?.speedMps ?? null;
  if (step.alongM === null || from === null || speed === null) return false;
  const gain = step.alongM - from.alongM;
  return gain >= JUMP_MIN_M && gain > (JUMP_SPEED_FACTOR * speed * (step.ts - from.ts)) / 1000;
}

/** Commits the steps of `path` earlier than `bound` and removes them from it. */
export function commitPath(ctx: Context, path: PendingStep[], bound: number): void {
  let k = 0;
  for (; k < path.length; k++) {
    const step = path[k];
    if (step === undefined || step.ts >= bound) break;
    ctx.out.push(commitStep(ctx.state, step, ctx.course, ctx.params));
  }
  path.splice(0, k);
}
