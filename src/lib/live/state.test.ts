import { describe, expect, it } from "vitest";
import { fromSnapshot, type LiveState, liveReducer, mergePoints } from "./state";
import { liveTrack, points, snapshot, T0 } from "./test-helpers";

const RECEIVED = Date.parse("2026-05-10T08:00:01.000Z");

function start(): LiveState {
  const trail = points(3);
  return fromSnapshot(
    snapshot([{ ...liveTrack("a", { last: trail[2] ?? null, points_count: 3 }), trail }]),
    RECEIVED,
  );
}

const pointsMsg = (seq: number, id: string, batch: ReturnType<typeof points>, count = 0) => ({
  type: "message" as const,
  message: {
    type: "points" as const,
    seq,
    track: liveTrack(id, { points_count: count, last: batch[batch.length - 1] ?? null }),
    points: batch,
  },
});

describe("mergePoints", () => {
  it("appends a later batch and keeps the trail itself when nothing is new", () => {
    const trail = points(3);
    const merged = mergePoints(trail, points(2, 15));
    expect(merged.map((p) => p[2])).toEqual([0, 5, 10, 15, 20].map((s) => T0 + s * 1000));
    expect(mergePoints(merged, points(2, 15))).toBe(merged);
    expect(mergePoints(merged, [])).toBe(merged);
  });

  it("slots an older or overlapping batch in time order, once per timestamp", () => {
    const trail = points(2, 20);
    const merged = mergePoints(trail, [...points(3, 10)].reverse());
    expect(merged.map((p) => (p[2] - T0) / 1000)).toEqual([10, 15, 20, 25]);
  });

  it("drops duplicates inside one batch", () => {
    const [p] = points(1, 5);
    if (!p) throw new Error("no point");
    expect(mergePoints([], [p, p, p])).toHaveLength(1);
  });
});

describe("liveReducer", () => {
  it("builds the state from a snapshot, with the server's clock offset", () => {
    const state = start();
    expect(Object.keys(state.tracks)).toEqual(["a"]);
    expect(state.tracks.a?.trail).toHaveLength(3);
    expect(state.seq).toBe(10);
    expect(state.clockOffsetMs).toBe(-1000);
  });

  it("appends points to the track's trail and takes its new stats", () => {
    const next = liveReducer(start(), pointsMsg(11, "a", points(2, 15), 5));
    expect(next.tracks.a?.trail.map((p) => (p[2] - T0) / 1000)).toEqual([0, 5, 10, 15, 20]);
    expect(next.tracks.a?.track.points_count).toBe(5);
    expect(next.tracks.a?.track.last?.[2]).toBe(T0 + 20_000);
  });

  it("is idempotent: a repeated message, or one the snapshot already holds, changes nothing", () => {
    const once = liveReducer(start(), pointsMsg(11, "a", points(2, 15), 5));
    expect(liveReducer(once, pointsMsg(11, "a", points(2, 15), 5))).toBe(once);
    const state = start();
    expect(liveReducer(state, pointsMsg(9, "a", points(2, 100), 9))).toBe(state);
  });

  it("keeps the newest metadata and the latest position when an older batch arrives late", () => {
    let state = liveReducer(start(), pointsMsg(12, "a", points(2, 30), 6));
    state = liveReducer(state, pointsMsg(11, "a", points(2, 15), 4));
    expect(state.tracks.a?.trail.map((p) => (p[2] - T0) / 1000)).toEqual([0, 5, 10, 15, 20, 30, 35]);
    expect(state.tracks.a?.track.points_count).toBe(6);
    expect(state.tracks.a?.track.last?.[2]).toBe(T0 + 35_000);
  });

  it("adds new tracks, applies state changes, replaces the trail on finish and removes deleted tracks", () => {
    let state = liveReducer(start(), {
      type: "message",
      message: { type: "track", seq: 11, kind: "created", track_id: "b", track: liveTrack("b") },
    });
    expect(state.tracks.b?.trail).toEqual([]);
    state = liveReducer(state, pointsMsg(12, "b", points(4), 4));
    state = liveReducer(state, {
      type: "message",
      message: {
        type: "track",
        seq: 13,
        kind: "updated",
        track_id: "b",
        track: liveTrack("b", { state: "paused", points_count: 4 }),
      },
    });
    expect(state.tracks.b?.track.state).toBe("paused");
    // The marker stays where the runner was, even though the update carried no position.
    expect(state.tracks.b?.track.last?.[2]).toBe(T0 + 15_000);
    expect(state.tracks.b?.trail).toHaveLength(4);

    const simplified = [points(4)[0], points(4)[3]].filter((p) => p !== undefined);
    state = liveReducer(state, {
      type: "message",
      message: {
        type: "track",
        seq: 14,
        kind: "finished",
        track_id: "b",
        track: liveTrack("b", { state: "stopped", last: simplified[1] ?? null }),
        trail: simplified,
      },
    });
    expect(state.tracks.b?.track.state).toBe("stopped");
    expect(state.tracks.b?.trail).toEqual(simplified);

    state = liveReducer(state, {
      type: "message",
      message: { type: "track", seq: 15, kind: "deleted", track_id: "b", track: null },
    });
    expect(state.tracks.b).toBeUndefined();
    // A late copy of an older message does not bring it back.
    expect(liveReducer(state, pointsMsg(12, "b", points(4), 4)).tracks.b).toBeUndefined();
  });

  it("creates a track from a points message when its creation was not seen", () => {
    const state = liveReducer(start(), pointsMsg(11, "c", points(2), 2));
    expect(state.tracks.c?.trail).toHaveLength(2);
  });

  it("ignores an old state change arriving after a newer one", () => {
    let state = liveReducer(start(), {
      type: "message",
      message: {
        type: "track",
        seq: 12,
        kind: "updated",
        track_id: "a",
        track: liveTrack("a", { state: "paused" }),
      },
    });
    const before = state;
    state = liveReducer(state, {
      type: "message",
      message: {
        type: "track",
        seq: 11,
        kind: "updated",
        track_id: "a",
        track: liveTrack("a", { state: "running" }),
      },
    });
    expect(state).toBe(before);
    expect(state.tracks.a?.track.state).toBe("paused");
  });

  it("lets a new snapshot replace everything", () => {
    const state = liveReducer(start(), pointsMsg(11, "b", points(2), 2));
    const replaced = liveReducer(state, {
      type: "snapshot",
      snapshot: snapshot([{ ...liveTrack("z"), trail: points(1) }], { seq: 40 }),
      receivedAt: RECEIVED,
    });
    expect(Object.keys(replaced.tracks)).toEqual(["z"]);
    expect(replaced.seq).toBe(40);
    expect(liveReducer(replaced, pointsMsg(39, "z", points(3, 100))).tracks.z?.trail).toHaveLength(1);
  });
});

describe("one frame's messages at once", () => {
  it("applies a frame's batch in order, exactly as one message after another", () => {
    const frame = [
      pointsMsg(11, "a", points(2, 15), 5),
      pointsMsg(12, "b", points(1, 0), 1),
      pointsMsg(13, "a", points(1, 25), 6),
      pointsMsg(12, "b", points(1, 0), 1), // a repeat
    ];
    const oneByOne = frame.reduce(liveReducer, start());
    const before = start();
    const tracksBefore = { ...before.tracks };
    const together = liveReducer(before, { type: "messages", messages: frame.map((f) => f.message) });
    expect(together).toEqual(oneByOne);
    // The frame's tracks are written into a copy of its own: the previous state is left as it was.
    expect(before.tracks).toEqual(tracksBefore);
    expect(together.tracks).not.toBe(before.tracks);
    expect(together.tracks.a?.trail.map((p) => p[2])).toEqual(
      [0, 5, 10, 15, 20, 25].map((s) => T0 + s * 1000),
    );
    expect(together.tracks.a?.track.points_count).toBe(6);
    expect(Object.keys(together.tracks).sort()).toEqual(["a", "b"]);
  });

  it("keeps the state itself when a frame brings nothing new", () => {
    const state = start();
    const stale = pointsMsg(1, "a", points(1, 0), 3).message; // older than the snapshot
    expect(liveReducer(state, { type: "messages", messages: [stale] })).toBe(state);
    expect(liveReducer(state, { type: "messages", messages: [] })).toBe(state);
  });
});
