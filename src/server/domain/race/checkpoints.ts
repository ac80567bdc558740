import { candidatesAt } from "./candidates";
import type { Course } from "./course";
import { SNAP_RADIUS_M } from "./params";

export type CheckpointKind = "start" | "finish" | "point" | "lap" | "split";

/** A checkpoint as the organiser defines it. */
export interface CheckpointSpec {
  id: string;
  name: string;
  /** Where it is: a distance along the course, or a position snapped to the course. */
  distanceM?: number | null;
  position?: { lat: number; lon: number } | null;
  /** A position the course passes several times: the pass nearest this distance (default: the first). */
  nearM?: number | null;
  /** On a lap course, a position passed on every lap: one checkpoint per lap, ids `${id}@${lap}`. */
  everyLap?: boolean;
}

export interface CheckpointPlan {
  points: readonly CheckpointSpec[];
  /** Virtual splits every this many metres (ids `split-${metres}`); null or 0: none. */
  splitEveryM?: number | null;
}

/** A checkpoint placed on the course. `lap` is 1-based (null when the course has one lap). */
export interface Checkpoint {
  id: string;
  name: string;
  kind: CheckpointKind;
  distanceM: number;
  lap: number | null;
}

export class CheckpointError extends Error {
  override name = "CheckpointError";
}

const KIND_ORDER: Record<CheckpointKind, number> = { start: 0, point: 1, lap: 2, split: 3, finish: 4 };

/**
 * Snaps a position to the course: every pass within SNAP_RADIUS_M (sorted along the course), the chosen
 * one being the pass nearest `nearM`, or the first. Null when the course is farther than that.
 */
export function snapToCourse(
  course: Course,
  position: { lat: number; lon: number },
  nearM?: number | null,
): { distanceM: number; offsetM: number; passesM: number[] } | null {
  const passes = candidatesAt(course, position.lat, position.lon, SNAP_RADIUS_M);
  const nearest = Math.min(...passes.map((c) => c.offsetM));
  // Passes much farther than the nearest are other parts of the course, not this place.
  const here = passes.filter((c) => c.offsetM <= nearest + 20);
  const first = here[0];
  if (first === undefined) return null;
  const chosen =
    nearM === null || nearM === undefined
      ? first
      : here.reduce((a, b) => (Math.abs(b.alongM - nearM) < Math.abs(a.alongM - nearM) ? b : a));
  return { distanceM: chosen.alongM, offsetM: chosen.offsetM, passesM: here.map((c) => c.alongM) };
}

/**
 * Every checkpoint of a race, sorted along the course: the start (id "start"), the organiser's points,
 * a lap checkpoint at the end of each lap but the last ("lap-1"…), the virtual splits and the finish
 * ("finish"). Throws a CheckpointError for a duplicate id, a distance off the course or a position too far
 * from it.
 */
export function resolveCheckpoints(course: Course, plan: CheckpointPlan): Checkpoint[] {
  const out: Checkpoint[] = [{ id: "start", name: "Start", kind: "start", distanceM: 0, lap: null }];
  for (const spec of plan.points) out.push(...placeSpec(course, spec));
  for (let lap = 1; lap < course.laps; lap++) {
    out.push({ id: `lap-${lap}`, name: `Lap ${lap}`, kind: "lap", distanceM: lap * course.lapLengthM, lap });
  }
  const every = plan.splitEveryM ?? 0;
  if (every > 0) {
    for (let d = every; d < course.lengthM - 1e-6; d += every) {
      const metres = Math.round(d);
      const name = every % 1000 === 0 ? `km ${metres / 1000}` : `${metres} m`;
      out.push({ id: `split-${metres}`, name, kind: "split", distanceM: d, lap: null });
    }
  }
  out.push({ id: "finish", name: "Finish", kind: "finish", distanceM: course.lengthM, lap: null });
  const ids = new Set<string>();
  for (const c of out) {
    if (ids.has(c.id)) throw new CheckpointError(`duplicate checkpoint id "${c.id}"`);
    ids.add(c.id);
  }
  return out.sort((a, b) => a.distanceM - b.distanceM || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function placeSpec(course: Course, spec: CheckpointSpec): Checkpoint[] {
  const laps = spec.everyLap ? course.laps : 1;
  let distanceM: number;
  if (spec.distanceM !== null && spec.distanceM !== undefined) {
    distanceM = spec.distanceM;
    const limit = laps > 1 ? course.lapLengthM : course.lengthM;
    if (!(distanceM >= 0 && distanceM <= limit)) {
      throw new CheckpointError(
        `checkpoint "${spec.id}" is at ${distanceM} m, outside the course (0–${limit} m)`,
      );
    }
  } else if (spec.position) {
    const snapped = snapToCourse(course, spec.position, spec.nearM);
    if (snapped === null) {
      throw new CheckpointError(`checkpoint "${spec.id}" is more than ${SNAP_RADIUS_M} m from the course`);
    }
    distanceM = laps > 1 ? snapped.distanceM % course.lapLengthM : snapped.distanceM;
  } else {
    throw new CheckpointError(`checkpoint "${spec.id}" needs a distance or a position`);
  }
  if (laps === 1) return [{ id: spec.id, name: spec.name, kind: "point", distanceM, lap: null }];
  return Array.from({ length: laps }, (_, k) => ({
    id: `${spec.id}@${k + 1}`,
    name: `${spec.name} (lap ${k + 1})`,
    kind: "point" as const,
    distanceM: k * course.lapLengthM + distanceM,
    lap: k + 1,
  }));
}
