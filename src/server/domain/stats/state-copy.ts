import type { EngineState } from "./engine";
import type { SensorAcc } from "./sensors";
import type { TrackPoint } from "./track-point";

/**
 * A copy of an engine state that the pipeline can write to without touching the original: the containers
 * it writes (the state, filter, motion, elevation and sensor objects, their arrays and the [ms, value] pairs
 * it recycles), and the points it still writes to (the filter's pending ones get their smoothed altitude
 * when released); the points it only reads (the trail, the previous point, the anchor) are shared. About 40
 * small objects, where structuredClone serialised the whole state (twice a batch: once to advance it,
 * once to finish a copy for the figures shown). Points shared inside the state (the filter's last point is
 * its last pending one) stay shared in the copy, as structuredClone keeps them.
 */
export function copyForWrite(state: EngineState): EngineState {
  const copies = new Map<TrackPoint, TrackPoint>();
  const own = (p: TrackPoint): TrackPoint => {
    let copy = copies.get(p);
    if (!copy) {
      copy = { ...p };
      copies.set(p, copy);
    }
    return copy;
  };
  const { filter, motion, elevation, sensors } = state;
  const tentative = filter.tentative.map(own);
  const suspects = filter.suspects.map(own);
  const last = filter.last && (copies.get(filter.last) ?? filter.last);
  const ownSensors: EngineState["sensors"] = {};
  // A version-1 state has no sensors (incremental.ts brings it up to date on the copy).
  const given: EngineState["sensors"] = sensors ?? {};
  for (const key of Object.keys(given) as Array<keyof typeof given>) {
    const acc: SensorAcc | undefined = given[key];
    if (acc) ownSensors[key] = { ...acc };
  }
  // Written out field by field, in the order of the empty states: a spread of the state (which comes out of
  // a rest destructuring) gave objects that V8 keeps as dictionaries, and a 10,000-point batch ran 3× slower.
  return {
    v: state.v,
    activity: state.activity,
    count: state.count,
    firstTs: state.firstTs,
    lastTs: state.lastTs,
    filter: { last, support: filter.support, tentative, suspects },
    motion: {
      prev: motion.prev,
      anchor: motion.anchor,
      trail: motion.trail.slice(),
      moving: motion.moving,
      still: motion.still,
      distance: motion.distance,
      movingMs: motion.movingMs,
      recent: motion.recent.map(([ms, speed]) => [ms, speed]),
      maxSpeed: motion.maxSpeed,
      minAlt: motion.minAlt,
      maxAlt: motion.maxAlt,
    },
    elevation: {
      smoothed: elevation.smoothed,
      lastTs: elevation.lastTs,
      dir: elevation.dir,
      ref: elevation.ref,
      ext: elevation.ext,
      lo: elevation.lo,
      hi: elevation.hi,
      gain: elevation.gain,
      loss: elevation.loss,
      seen: elevation.seen,
      recent: elevation.recent.map(([ts, alt]) => [ts, alt]),
      noiseVar: elevation.noiseVar,
      noiseSamples: elevation.noiseSamples,
      source: elevation.source,
    },
    sensors: ownSensors,
  };
}
