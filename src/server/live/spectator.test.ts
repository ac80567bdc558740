import { describe, expect, it } from "vitest";
import { liveTrack, points } from "~/lib/live/test-helpers";
import { mergeCatchUp } from "./catch-up";
import { spectatorText } from "./spectator";
import { type Frame, toFrame } from "./viewer";
import { ZMovesMessage } from "./wire";

const batch = (seq: number, id = "a"): Frame =>
  toFrame({ type: "points", seq, track: liveTrack(id), points: points(2, seq * 10) });
const state = (seq: number): Frame =>
  toFrame({ type: "track", seq, kind: "updated", track_id: "a", track: null });

/** The SSE frames of a text: [event, id, data]. */
const frames = (text: string) =>
  text
    .split("\n\n")
    .filter(Boolean)
    .map((f) => {
      const field = (name: string) =>
        f
          .split("\n")
          .find((l) => l.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      return [field("event"), Number(field("id")), JSON.parse(field("data") ?? "null")] as const;
    });

describe("spectatorText", () => {
  it("joins each run of consecutive batches into one moves frame whose id is the run's last seq", () => {
    const out = frames(spectatorText([batch(5), batch(6, "b"), state(7), batch(8), batch(9), batch(10)]));
    expect(out.map(([event, id]) => [event, id])).toEqual([
      ["moves", 6],
      ["track", 7],
      ["moves", 10],
    ]);
    const moves = out.flatMap(([event, , data]) =>
      event === "moves" ? ZMovesMessage.parse(data).moves : [],
    );
    expect(moves.map((m) => [m[0], m[1]])).toEqual([
      [5, "a"],
      [6, "b"],
      [8, "a"],
      [9, "a"],
      [10, "a"],
    ]);
    expect(moves[0]?.[2]).toEqual(points(2, 50));
  });

  it("is under a third of the points messages' size", () => {
    const run = Array.from({ length: 20 }, (_, i) => batch(i + 1));
    const full = run.map((x) => x.text).join("").length;
    expect(spectatorText(run).length).toBeLessThan(full / 3);
  });
});

describe("a spectator's catch-up", () => {
  it("is one moves frame a run, one entry a runner (catch-up.ts), its id the run's newest seq", () => {
    const run = [batch(11, "a"), batch(12, "b"), batch(13, "a"), state(14), batch(15, "b")];
    const out = frames(spectatorText(mergeCatchUp(run)));
    expect(out.map(([event, id]) => [event, id])).toEqual([
      ["moves", 13],
      ["track", 14],
      ["moves", 15],
    ]);
    const first = ZMovesMessage.parse(out[0]?.[2]).moves;
    expect(first.map((m) => [m[0], m[1], m[2].length])).toEqual([
      [12, "b", 2],
      [13, "a", 4],
    ]);
  });
});
