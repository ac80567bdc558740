import { describe, expect, it } from "vitest";
import { chunkPlanner } from "./chunks";
import { type LiveMessage, type LiveState, fromSnapshot, liveReducer } from "./state";
import { liveTrack, points, snapshot } from "./test-helpers";

const options = { budgetMs: 40, maxChunks: 4, minCount: 10, wholeAbove: 400, initialMsPerMessage: 0.5 };

/** Applies `messages` as the page does: chunk after chunk, as the planner sizes them, and what each one cost. */
function inChunks(state: LiveState, messages: LiveMessage[], msPerMessage: number) {
  const planner = chunkPlanner(options);
  const pending = [...messages];
  const sizes: number[] = [];
  let out = state;
  while (pending.length > 0) {
    const count = planner.size(pending.length, sizes.length);
    sizes.push(count);
    out = liveReducer(out, { type: "messages", messages: pending.splice(0, count) });
    planner.record(count, count * msPerMessage);
  }
  return { state: out, sizes };
}

describe("chunkPlanner", () => {
  it("applies a small burst in one go and a large one within the budget", () => {
    const planner = chunkPlanner(options);
    expect(planner.size(0, 0)).toBe(0);
    expect(planner.size(30, 0)).toBe(30); // 30 × 0.5 ms: within 40 ms
    expect(planner.size(100, 0)).toBe(80);
  });

  it("learns what a message costs and sizes the next chunks from it", () => {
    const planner = chunkPlanner(options);
    for (let i = 0; i < 20; i++) planner.record(50, 100); // 2 ms a message (a throttled phone)
    expect(planner.msPerMessage).toBeCloseTo(2, 1);
    expect(planner.size(100, 0)).toBe(25); // the drain bound: 100 in 4 chunks
    for (let i = 0; i < 20; i++) planner.record(10, 1); // 0.1 ms a message (a desktop)
    expect(planner.size(100, 0)).toBe(100);
    planner.record(0, 50); // nothing applied: nothing learnt
    planner.record(10, Number.NaN);
    expect(planner.size(100, 0)).toBe(100);
  });

  it("drains a burst within maxChunks however slow, and never below minCount", () => {
    const planner = chunkPlanner(options);
    for (let i = 0; i < 20; i++) planner.record(10, 100); // 10 ms a message: 4 per budget
    expect(planner.size(100, 0)).toBe(25);
    expect(planner.size(75, 1)).toBe(25);
    expect(planner.size(50, 2)).toBe(25);
    expect(planner.size(25, 3)).toBe(25);
    expect(planner.size(5, 9)).toBe(5); // past maxChunks: whatever is left
    expect(planner.size(30, 0)).toBe(10); // minCount
    expect(planner.size(401, 0)).toBe(401); // a catch-up: whole
  });

  it("reaches the same state in chunks as in one pass: order kept, a later message for a runner wins", () => {
    const trail = points(3);
    const start = fromSnapshot(
      snapshot([
        { ...liveTrack("a", { last: trail[2] ?? null }), trail },
        { ...liveTrack("b", { last: trail[2] ?? null }), trail },
      ]),
      Date.now(),
    );
    const messages: LiveMessage[] = [];
    for (let i = 0; i < 150; i++) {
      const id = i % 3 === 0 ? "b" : "a";
      const batch = points(2, 15 + i * 10);
      messages.push({
        type: "points",
        seq: 11 + i,
        track: liveTrack(id, { title: `v${i}`, last: batch[1] ?? null }),
        points: batch,
      });
    }
    // One track deleted midway, then a late message for it: it stays deleted in both.
    messages.splice(100, 0, { type: "track", seq: 200, track_id: "b", kind: "deleted", track: null });
    const whole = liveReducer(start, { type: "messages", messages });
    const chunked = inChunks(start, messages, 2);
    expect(chunked.sizes.length).toBeGreaterThan(1);
    expect(chunked.sizes.reduce((a, b) => a + b, 0)).toBe(messages.length);
    expect(chunked.state).toEqual(whole);
    expect(whole.tracks.a?.track.title).toBe("v149");
    expect(whole.tracks.b).toBeUndefined();
  });
});
