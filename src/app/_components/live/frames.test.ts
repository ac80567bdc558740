import { describe, expect, it } from "vitest";
import { en } from "~/lib/i18n/en";
import { fr } from "~/lib/i18n/fr";
import { runners } from "~/lib/live/runners";
import { fromSnapshot, liveReducer } from "~/lib/live/state";
import { liveTrack, points, snapshot, T0 } from "~/lib/live/test-helpers";
import { latLons, liveMarkers, liveRows, replayFrame } from "./frames";
import { replayData } from "./use-replay";

const trail = points(13); // one minute north, a point every 5 s
const state = fromSnapshot(
  snapshot(
    [
      {
        ...liveTrack("cur", {
          user_id: "camille",
          participant: { name: "Camille Martin", bib: "42" },
          last: trail[12] ?? null,
          stats: { ...liveTrack("x").stats, distance_meters: 1234 },
        }),
        trail,
      },
    ],
    {
      participants: [
        { id: "00000000-0000-4000-8000-000000000002", name: "Léa Petit", bib: "7", user_id: "lea" },
      ],
    },
  ),
  T0 + 60_000,
);
const list = runners(state);

describe("live frames", () => {
  it("draw runners with a track on the map, the last point as their position", () => {
    const markers = liveMarkers(list, new Set());
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({
      label: "42 · Camille Martin",
      text: "42",
      stale: false,
      finished: false,
    });
    expect(markers[0]?.position).toEqual([trail[12]?.[0], trail[12]?.[1]]);
    expect(latLons(trail)).toBe(latLons(trail)); // computed once per immutable trail
    // Nothing changed: the same object, which the map passes over; a runner gone stale gets a new one.
    const previous = new Map(markers.map((m) => [m.key, m]));
    expect(liveMarkers(list, new Set(), previous)[0]).toBe(markers[0]);
    expect(liveMarkers(list, new Set(["user:camille"]), previous)[0]).not.toBe(markers[0]);
    // A new batch (a new track view): a new marker at the new position, its trail the longer one.
    const cur = state.tracks.cur;
    if (!cur) throw new Error("track");
    const batch = points(2, 65);
    const moved = liveReducer(state, {
      type: "message",
      message: { type: "points", seq: 11, track: { ...cur.track, last: batch[1] ?? null }, points: batch },
    });
    const after = liveMarkers(runners(moved), new Set(), previous)[0];
    expect(after).not.toBe(markers[0]);
    expect(after?.position).toEqual([batch[1]?.[0], batch[1]?.[1]]);
    expect(after?.paths[0]?.path).toHaveLength(trail.length + 2);
  });
  it("extend a grown trail's path instead of converting it again, and convert a replaced one whole", () => {
    const first = points(4);
    const path = latLons(first);
    const grown = liveReducer(fromSnapshot(snapshot([{ ...liveTrack("g"), trail: first }]), T0), {
      type: "message",
      message: { type: "points", seq: 11, track: liveTrack("g"), points: points(2, 20) },
    }).tracks.g?.trail;
    if (!grown) throw new Error("no trail");
    const longer = latLons(grown);
    expect(longer).toEqual(grown.map((p) => [p[0], p[1]]));
    expect(longer.slice(0, 4).every((p, i) => p === path[i])).toBe(true); // the same point objects
    // A trail with the same first point but another history (points slotted in): converted whole.
    const slotted = [first[0], ...points(1, 2), ...first.slice(1), ...points(3, 40)].filter(
      (p) => p !== undefined,
    );
    expect(latLons(slotted)).toEqual(slotted.map((p) => [p[0], p[1]]));
  });

  it("list everyone, with the distance and how long ago in the page's language", () => {
    const source = liveRows(list, state, T0 + 60_000 + 12_000, new Set(["user:camille"]), fr);
    expect(source).toMatchObject({ count: 2, onCourse: 1, keys: ["user:camille", "user:lea"] });
    const rows = source.keys.map((_, i) => source.row(i));
    expect(source.row(2)).toBeNull();
    const camille = rows.find((r) => r?.name === "Camille Martin");
    expect(camille).toMatchObject({ stale: true, hasPosition: true });
    expect(camille?.detail).toMatch(/^il y a \d+ min \d{2} s$/);
    expect(camille?.distance).toContain("1,23");
    expect(rows.find((r) => r?.name === "Léa Petit")).toMatchObject({
      status: "not_started",
      hasPosition: false,
    });
    const before = liveRows(list, state, null, new Set(), en);
    expect([0, 1].every((i) => before.row(i)?.detail === null)).toBe(true);
  });
  it("show a replay at its time: the trail so far, the elapsed time", () => {
    const data = replayData(snapshot([{ ...liveTrack("cur", { user_id: "camille" }), trail }]));
    expect(data).not.toBeNull();
    if (!data) return;
    const frame = replayFrame(data, T0 + 30_000, "en-GB", en.live.elapsed);
    expect(frame.markers[0]?.paths[0]?.path.length).toBeGreaterThan(1);
    expect(frame.markers[0]?.paths[0]?.path.length).toBeLessThan(trail.length);
    expect(frame.rows.row(0)).toMatchObject({ status: "running", detail: "Elapsed 0:30" });
    expect(frame.rows.onCourse).toBe(1);
    // By steps of 20 s of replay time, the travelled path is the same array within a step, the marker not.
    const a = replayFrame(data, T0 + 21_000, "en-GB", en.live.elapsed, 20_000);
    const b = replayFrame(data, T0 + 39_000, "en-GB", en.live.elapsed, 20_000);
    const c = replayFrame(data, T0 + 41_000, "en-GB", en.live.elapsed, 20_000);
    expect(b.markers[0]?.paths[0]?.path).toBe(a.markers[0]?.paths[0]?.path);
    expect(b.markers[0]?.position).not.toEqual(a.markers[0]?.position);
    expect(c.markers[0]?.paths[0]?.path.length).toBeGreaterThan(a.markers[0]?.paths[0]?.path.length ?? 0);
    // A step's path begins with the previous one (the map then draws only the new segments), off the step
    // time: the trail's own points, none between two.
    const at25 = replayFrame(data, T0 + 27_500, "en-GB", en.live.elapsed, 12_500);
    const at37 = replayFrame(data, T0 + 37_500, "en-GB", en.live.elapsed, 12_500);
    const early = at25.markers[0]?.paths[0]?.path ?? [];
    expect(early).toEqual(latLons(trail).slice(0, 6)); // 25 s: the points at 0…25 s
    expect(at37.markers[0]?.paths[0]?.path.slice(0, early.length)).toEqual(early);
    expect(b.markers[0]?.ghosts).toBe(a.markers[0]?.ghosts);
  });
});
