import { describe, expect, it } from "vitest";
import { liveReducer, fromSnapshot, type LiveState } from "~/lib/live/state";
import { liveTrack, points, snapshot } from "~/lib/live/test-helpers";
import { mergeCatchUp } from "./catch-up";
import { type Frame, toFrame } from "./viewer";
import type { LiveMessage } from "./wire";

/** Batch `seq` of track `id`: two points starting at `fromSec`. */
const batch = (seq: number, id: string, fromSec = seq * 10): Frame =>
  toFrame({
    type: "points",
    seq,
    track: liveTrack(id, { points_count: seq }),
    points: points(2, fromSec),
  });
const state = (seq: number, id: string): Frame =>
  toFrame({ type: "track", seq, kind: "updated", track_id: id, track: liveTrack(id, { state: "paused" }) });

/** The SSE ids of frames as the browser would see them (undefined: the frame has none). */
const ids = (frames: Frame[]) => frames.map((f) => /^id: (\d+)$/m.exec(f.text)?.[1]);
/** The changes a sent frame holds: its points' batches (each point's time is its batch's own here). */
const seqsIn = (f: Frame, source: readonly Frame[]) => {
  if (f.message.type !== "points") return [f.seq];
  const batchOf = new Map<number, number>();
  for (const s of source)
    if (s.message.type === "points") for (const p of s.message.points) batchOf.set(p[2], s.seq);
  return f.message.points.map((p) => batchOf.get(p[2]));
};

/** Seeded pseudo-random numbers in [0, 1). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("mergeCatchUp", () => {
  it("sends a run with one batch per track as it was: the same shared frames, every one numbered", () => {
    const frames = [batch(11, "a"), batch(12, "b"), batch(13, "c")];
    const out = mergeCatchUp(frames);
    expect(out).toEqual(frames);
    for (const [i, f] of out.entries()) expect(f).toBe(frames[i]);
  });

  it("merges one track's batches of a run, in order, with its newest track; ids only where nothing before is still to come", () => {
    const frames = [batch(11, "a"), batch(12, "b"), batch(13, "a"), batch(14, "b"), batch(15, "c")];
    const out = mergeCatchUp(frames);
    expect(out.map((f) => f.message.type === "points" && [f.message.track.id, f.seq])).toEqual([
      ["a", 13],
      ["b", 14],
      ["c", 15],
    ]);
    // a's frame holds 11 and 13 but b's 12 comes after it: a resumed stream must not start after 13.
    expect(ids(out)).toEqual([undefined, "14", "15"]);
    const a = out[0]?.message as Extract<LiveMessage, { type: "points" }>;
    expect(a.points).toEqual([...points(2, 110), ...points(2, 130)]);
    expect(a.track.points_count).toBe(13);
    expect(JSON.parse(/^data: (.*)$/m.exec(out[0]?.text ?? "")?.[1] ?? "null")).toEqual(a);
  });

  it("keeps a track's state change where it was: batches merge only within the runs around it", () => {
    const frames = [batch(11, "a"), batch(12, "a"), state(13, "a"), batch(14, "a"), batch(15, "a")];
    const out = mergeCatchUp(frames);
    expect(out.map((f) => [f.message.type, f.seq])).toEqual([
      ["points", 12],
      ["track", 13],
      ["points", 15],
    ]);
    expect(ids(out)).toEqual(["12", "13", "15"]);
  });

  it("a stream cut anywhere resumes from an id below every batch it has not had, and ends in the same state", () => {
    const rand = random(17);
    for (let round = 0; round < 200; round++) {
      const tracks = ["a", "b", "c", "d"].slice(0, 1 + Math.floor(rand() * 4));
      const frames: Frame[] = [];
      const count = 5 + Math.floor(rand() * 40);
      // Each batch's points at times of their own, in a shuffled order (late batches of older points).
      const times = Array.from({ length: count }, (_, i) => i * 20).sort(() => rand() - 0.5);
      for (let seq = 11; seq < 11 + count; seq++) {
        const id = tracks[Math.floor(rand() * tracks.length)] ?? "a";
        frames.push(rand() < 0.1 ? state(seq, id) : batch(seq, id, times[seq - 11]));
      }
      const out = mergeCatchUp(frames);
      expect(ids(out).at(-1)).toBe(String(frames.at(-1)?.seq));
      for (let cut = 0; cut <= out.length; cut++) {
        const got = out.slice(0, cut);
        const resumeAfter = Number(
          ids(got)
            .filter((id) => id !== undefined)
            .at(-1) ?? 10,
        );
        const had = new Set(got.flatMap((f) => seqsIn(f, frames)));
        // Everything up to the id the browser would resume from was in what it got.
        for (const f of frames) if (f.seq <= resumeAfter) expect(had.has(f.seq)).toBe(true);
      }
      const start = fromSnapshot(
        snapshot(tracks.map((id) => ({ ...liveTrack(id), trail: [] }))),
        Date.parse("2026-05-10T08:00:00.000Z"),
      );
      const apply = (fs: Frame[]): LiveState =>
        liveReducer(start, { type: "messages", messages: fs.map((f) => f.message) });
      expect(apply(out).tracks).toEqual(apply(frames).tracks);
    }
  });
});
