import type { Frame } from "./viewer";
import { type LiveMessage, sseFrame } from "./wire";

type PointsMessage = Extract<LiveMessage, { type: "points" }>;

/** A frame without an SSE id: the browser's Last-Event-ID stays at the last frame that had one. */
const unnumbered = (event: string, json: string) => `event: ${event}\ndata: ${json}\n\n`;

/**
 * A catch-up's frames as a viewer is sent them: in each run of consecutive point batches, one track's
 * batches become one `points` message — its points in the order they came, its track as the newest batch
 * left it, its seq the newest batch's. A phone back from a tunnel, or one that opened its stream seconds
 * after the page's snapshot, was sent one message per batch (up to MAX_CATCH_UP, 5,000): the server wrote
 * them in 1–1.4 s and the page applied them at 94 % busy before the runner's newest position showed
 * (e2e/live-phone.spec.ts). Merged, it is one message per runner.
 *
 * Reconnects stay exact: a frame carries an id (its seq) only when every batch up to that seq has been sent
 * (the run's last frame always does), so a stream cut in the middle of a run resumes before what it missed
 * and is sent some batches again (the page ignores what it has: src/lib/live/state.ts), never after a batch
 * it did not get. A run with one batch per track is sent as it was, shared frames and all. Other messages (a track's state, a
 * leaderboard) end a run and keep their own frame: their order relative to the batches is kept.
 */
export function mergeCatchUp(frames: readonly Frame[]): Frame[] {
  const out: Frame[] = [];
  let run: Frame[] = [];
  const endRun = () => {
    if (run.length > 0) out.push(...mergeRun(run));
    run = [];
  };
  for (const f of frames) {
    if (f.message.type === "points") run.push(f);
    else {
      endRun();
      out.push(f);
    }
  }
  endRun();
  return out;
}

function mergeRun(run: readonly Frame[]): Frame[] {
  const byTrack = new Map<string, Frame[]>();
  for (const f of run) {
    const id = (f.message as PointsMessage).track.id;
    const list = byTrack.get(id);
    if (list) list.push(f);
    else byTrack.set(id, [f]);
  }
  if (byTrack.size === run.length) return [...run]; // one batch per track: nothing to merge
  // Ordered by each track's newest batch; a frame may carry its seq as id only if no batch up to that seq
  // is still to come in a later frame (below: the lowest first seq of the frames after it).
  const groups = [...byTrack.values()].sort((a, b) => seqAt(a, -1) - seqAt(b, -1));
  const firstAfter: number[] = [];
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = groups.length - 1; i >= 0; i--) {
    firstAfter[i] = lowest;
    lowest = Math.min(lowest, seqAt(groups[i] ?? [], 0));
  }
  return groups.map((group, i) => {
    const newest = group[group.length - 1] as Frame;
    const numbered = (firstAfter[i] ?? 0) > newest.seq;
    if (group.length === 1) {
      return numbered ? newest : { ...newest, text: unnumbered("points", newest.json) };
    }
    const message: PointsMessage = {
      ...(newest.message as PointsMessage),
      points: group.flatMap((f) => (f.message as PointsMessage).points),
    };
    const json = JSON.stringify(message);
    return {
      seq: newest.seq,
      message,
      json,
      text: numbered ? sseFrame("points", json, newest.seq) : unnumbered("points", json),
    };
  });
}

/** The seq of a group's first (0) or last (-1) batch. */
const seqAt = (group: readonly Frame[], at: 0 | -1) => group.at(at)?.seq ?? 0;
