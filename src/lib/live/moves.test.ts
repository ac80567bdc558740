import { describe, expect, it } from "vitest";
import { toMove } from "~/server/live/spectator";
import { ZMovesMessage } from "~/server/live/wire";
import { fromSnapshot, type LiveMessage, type LiveState, liveReducer, splitMoves } from "./state";
import { liveTrack, points, snapshot } from "./test-helpers";

const RECEIVED = Date.parse("2026-05-10T08:00:01.000Z");

/** Two runners of a snapshot at seq 10, with a few points each and their running totals. */
function start(): LiveState {
  const a = points(3);
  const b = points(2, 0);
  return fromSnapshot(
    snapshot([
      { ...liveTrack("a", { last: a[2] ?? null, points_count: 3 }), trail: a },
      { ...liveTrack("b", { activity_type: "bike", last: b[1] ?? null, points_count: 2 }), trail: b },
    ]),
    RECEIVED,
  );
}

/**
 * A batch's `points` message as the server builds it: the track as the snapshot had it, with the totals the
 * batch moved (the organiser's form; a spectator gets it as a moves entry, toMove).
 */
function pointsMessage(
  state: LiveState,
  seq: number,
  id: string,
  batch: ReturnType<typeof points>,
  distance: number,
): Extract<LiveMessage, { type: "points" }> {
  const base = state.tracks[id]?.track ?? liveTrack(id);
  return {
    type: "points",
    seq,
    track: {
      ...base,
      last: batch[batch.length - 1] ?? null,
      stats: { ...base.stats, distance_meters: distance, pace_sec_per_km: 300 + seq, mean_speed_mps: 3.25 },
    },
    points: batch,
  };
}

/** A spectator's `moves` frame of these messages, through its JSON (what the browser parses). */
const movesFrame = (messages: Extract<LiveMessage, { type: "points" }>[]) =>
  ZMovesMessage.parse(JSON.parse(JSON.stringify({ moves: messages.map(toMove) })));

/** What the spectator's page reads of a state: positions, trails and the totals it lists. */
const shown = (state: LiveState) =>
  Object.values(state.tracks).map(({ track, trail, seq }) => ({
    id: track.id,
    seq,
    last: track.last,
    trail,
    distance: track.stats.distance_meters,
    pace: track.stats.pace_sec_per_km,
    speed: track.stats.mean_speed_mps,
    state: track.state,
    title: track.title,
  }));

describe("a spectator's moves frame", () => {
  it("gives the same state as the points messages of its batches, late and repeated ones included", () => {
    const s = start();
    const messages = [
      pointsMessage(s, 11, "a", points(2, 15), 40.5),
      pointsMessage(s, 12, "b", points(1, 10), 12),
      pointsMessage(s, 13, "a", points(1, 25), 61.2),
      pointsMessage(s, 14, "a", points(1, 12), 99), // a late batch of older fixes: points, not totals
    ];
    const byPoints = liveReducer(start(), { type: "messages", messages });
    const byMoves = liveReducer(start(), { type: "messages", messages: splitMoves(movesFrame(messages)) });
    expect(shown(byMoves)).toEqual(shown(byPoints));
    expect(byMoves.tracks.a?.track.stats.distance_meters).toBe(99);
    expect(byMoves.tracks.a?.trail.map((p) => p[2])).toEqual(byPoints.tracks.a?.trail.map((p) => p[2]));
    // Applied twice (a resend): nothing changes.
    const again = liveReducer(byMoves, { type: "messages", messages: splitMoves(movesFrame(messages)) });
    expect(again).toBe(byMoves);
  });

  it("leaves what only track messages and snapshots carry as they set it", () => {
    const s = liveReducer(start(), {
      type: "message",
      message: {
        type: "track",
        seq: 11,
        kind: "updated",
        track_id: "a",
        track: { ...liveTrack("a", { title: "Renamed", state: "paused" }), last: points(3)[2] ?? null },
      },
    });
    const moves = splitMoves(movesFrame([pointsMessage(s, 12, "a", points(1, 15), 30)]));
    const after = liveReducer(s, { type: "messages", messages: moves });
    expect(after.tracks.a?.track).toMatchObject({ title: "Renamed", state: "paused", points_count: 0 });
    expect(after.tracks.a?.track.stats.distance_meters).toBe(30);
    expect(after.tracks.a?.seq).toBe(12);
  });

  it("rounds coordinates to 6 decimals and takes nothing for a track the page does not have", () => {
    const s = start();
    const precise: ReturnType<typeof points> = [
      [45.123456789, 6.987654321, Date.parse("2026-05-10T07:31:00Z"), 512.345],
    ];
    const frame = movesFrame([
      pointsMessage(s, 11, "a", precise, 10),
      pointsMessage(s, 12, "zz", points(1), 1),
    ]);
    expect(frame.moves[0]?.[2]).toEqual([[45.123457, 6.987654, precise[0]?.[2], 512.3]]);
    const after = liveReducer(s, { type: "messages", messages: splitMoves(frame) });
    expect(after.tracks.a?.track.last).toEqual(frame.moves[0]?.[2][0]);
    expect(after.tracks.zz).toBeUndefined();
  });

  it("drops what the snapshot holds, but takes points released at the snapshot's seq (a delayed spectator's)", () => {
    const s = start();
    const older = movesFrame([pointsMessage(s, 9, "a", points(1, 40), 1)]);
    expect(liveReducer(s, { type: "messages", messages: splitMoves(older) })).toBe(s);
    const pending = movesFrame([pointsMessage(s, 10, "a", points(1, 40), 1)]);
    const after = liveReducer(s, { type: "messages", messages: splitMoves(pending) });
    expect(after.tracks.a?.trail).toHaveLength(4);
    // Its totals are the snapshot's (newer than the batch's, which it counted already).
    expect(after.tracks.a?.track.stats.distance_meters).toBe(s.tracks.a?.track.stats.distance_meters);
  });

  it("ignores a batch of a deleted track", () => {
    const s = liveReducer(start(), {
      type: "message",
      message: { type: "track", seq: 11, kind: "deleted", track_id: "a", track: null },
    });
    const frame = movesFrame([pointsMessage(start(), 12, "a", points(1, 40), 1)]);
    expect(liveReducer(s, { type: "messages", messages: splitMoves(frame) }).tracks.a).toBeUndefined();
  });
});
