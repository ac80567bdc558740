/**
 * Issue 16's goals against the figures of a bench:browser run: each one with its figure, its bound and
 * whether it is met (null when the phase was skipped or the figure could not be measured).
 */
type Figures = Record<string, unknown>;

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const get = (o: unknown, ...path: string[]) =>
  path.reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Figures)[k] : undefined), o);

function goal(value: unknown, bound: number, kind: "max" | "min" | "below") {
  const v = num(value);
  const met = v === null ? null : kind === "max" ? v <= bound : kind === "min" ? v >= bound : v < bound;
  return { value: v, [kind === "min" ? "at_least" : kind === "max" ? "at_most" : "below"]: bound, met };
}

function liveGoals(phase: unknown) {
  return {
    busy_percent: goal(get(phase, "busy_percent"), 30, "max"),
    input_p95_ms: goal(get(phase, "input_p95_ms"), 100, "below"),
    long_task_max_ms: goal(get(phase, "long_task_max_ms") ?? (phase ? 0 : null), 200, "max"),
    marker_p95_ms: goal(get(phase, "marker_p95_ms"), 500, "below"),
  };
}

export function goals(result: Figures) {
  const largest = Object.keys((result.track_page as Figures | undefined) ?? {})
    .map(Number)
    .sort((a, b) => b - a)[0];
  const track = largest === undefined ? undefined : get(result, "track_page", String(largest));
  return {
    live_desktop: liveGoals(result.live_desktop),
    live_phone_4x: liveGoals(result.live_phone),
    replay_60x: {
      fps: goal(get(result, "replay", "fps"), 30, "min"),
      busy_percent: goal(get(result, "replay", "busy_percent"), 60, "max"),
    },
    [`track_page_${largest ?? "none"}`]: {
      interactive_ms: goal(get(track, "interactive_ms"), 400, "below"),
      ttfb_ms: goal(get(track, "ttfb_ms"), 150, "below"),
    },
    idle: { busy_percent: goal(get(result, "live_idle", "busy_percent"), 5, "max") },
  };
}
