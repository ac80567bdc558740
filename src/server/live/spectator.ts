import type { Frame } from "./viewer";
import { LIVE_EVENTS, type LiveMessage, type Move, sseFrame, type WirePoint } from "./wire";

/**
 * The spectators' stream (wire.ts ZMove, ZMovesMessage): each `points` frame becomes one compact entry, encoded
 * once per frame whatever the number of spectators, and the entries of consecutive batches go out as one
 * `moves` frame. 10,000 spectators of a 1,000-runner race get ≈ 200 batches a second each: the whole track in
 * every batch was four fifths of their bytes, and of the server's time writing them.
 */

type PointsMessage = Extract<LiveMessage, { type: "points" }>;

const round = (x: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
};
const roundOrNull = (x: number | null | undefined, digits: number) =>
  x === null || x === undefined ? null : round(x, digits);

/** 6 decimals of a degree ≈ 0.1 m: below GPS noise, and 3 to 9 characters fewer per coordinate. */
const compactPoint = (p: WirePoint): WirePoint => [
  round(p[0], 6),
  round(p[1], 6),
  p[2],
  roundOrNull(p[3], 1),
];

/** A batch's entry: what a spectator's page draws and lists of it (frames.ts liveRow: distance, pace/speed). */
export function toMove(message: PointsMessage): Move {
  const { stats } = message.track;
  return [
    message.seq,
    message.track.id,
    message.points.map(compactPoint),
    roundOrNull(stats.distance_meters, 1),
    roundOrNull(stats.pace_sec_per_km, 1),
    roundOrNull(stats.mean_speed_mps, 3),
  ];
}

// A frame is built once per change and instance (hub.ts frameCache) and shared by every hub and viewer: so is
// its entry.
const entries = new WeakMap<Frame, string>();

/** The JSON of a `points` frame's entry, encoded at its first use. */
export function moveJson(frame: Frame & { message: PointsMessage }): string {
  let json = entries.get(frame);
  if (json === undefined) {
    json = JSON.stringify(toMove(frame.message));
    entries.set(frame, json);
  }
  return json;
}

const isPoints = (f: Frame): f is Frame & { message: PointsMessage } => f.message.type === "points";

/** One `moves` frame from entries' JSON (in seq order); its id is the last seq. */
export const movesFrame = (jsons: readonly string[], lastSeq: number) =>
  sseFrame(LIVE_EVENTS.moves, `{"moves":[${jsons.join(",")}]}`, lastSeq);

/**
 * Frames (in seq order, consecutive) as spectators get them: each run of `points` frames one `moves` frame
 * whose id is the run's last seq; other messages as they are, in their place.
 */
export function spectatorText(frames: readonly Frame[]): string {
  let out = "";
  let run: string[] = [];
  let lastSeq = 0;
  for (const f of frames) {
    if (isPoints(f)) {
      run.push(moveJson(f));
      lastSeq = f.seq;
      continue;
    }
    if (run.length > 0) out += movesFrame(run, lastSeq);
    run = [];
    out += f.text;
  }
  if (run.length > 0) out += movesFrame(run, lastSeq);
  return out;
}
