import { describe, expect, it } from "vitest";
import { isStale, markerText, runnerColor, runners, secondsSinceLast } from "./runners";
import { fromSnapshot } from "./state";
import { liveTrack, points, snapshot, T0 } from "./test-helpers";

const NOE = "00000000-0000-4000-8000-000000000003";
const participants = [
  { id: "00000000-0000-4000-8000-000000000001", name: "Camille Martin", bib: "42", user_id: "camille" },
  { id: "00000000-0000-4000-8000-000000000002", name: "Léa Petit", bib: "7", user_id: "lea" },
  { id: NOE, name: "Noé Blanc", bib: null, user_id: null },
];

function state() {
  const camille = points(3);
  return fromSnapshot(
    snapshot(
      [
        {
          ...liveTrack("old", { user_id: "camille", state: "stopped", start_ts: "2026-05-10T06:00:00.000Z" }),
          trail: points(2),
        },
        {
          ...liveTrack("cur", {
            user_id: "camille",
            participant: { name: "Camille Martin", bib: "42" },
            last: camille[2] ?? null,
          }),
          trail: camille,
        },
        { ...liveTrack("guest", { user_id: "guest-7", title: "Sortie du 10 mai" }), trail: [] },
      ],
      { participants, server_time: new Date(T0 + 10_000).toISOString() },
    ),
    T0 + 10_000,
  );
}

describe("runners", () => {
  it("groups tracks by participant, shows the current track, lists the not started, on course first", () => {
    const list = runners(state());
    expect(list.map((r) => [r.name, r.status, r.track?.track.id ?? null])).toEqual([
      ["Camille Martin", "running", "cur"],
      ["Sortie du 10 mai", "running", "guest"],
      ["Léa Petit", "not_started", null],
      ["Noé Blanc", "not_started", null],
    ]);
    expect(list[0]?.tracks).toHaveLength(2);
  });

  it("gives a personal token's track (bound to its participant, no user_id) to that participant's row", () => {
    const trail = points(2);
    const s = fromSnapshot(
      snapshot(
        [
          {
            ...liveTrack("joined", {
              user_id: null,
              participant_id: NOE,
              participant: { name: "Noé Blanc", bib: null },
              last: trail[1] ?? null,
            }),
            trail,
          },
        ],
        { participants, server_time: new Date(T0 + 10_000).toISOString() },
      ),
      T0 + 10_000,
    );
    const list = runners(s);
    expect(list.map((r) => [r.key, r.name, r.status, r.track?.track.id ?? null])).toEqual([
      [`participant:${NOE}`, "Noé Blanc", "running", "joined"],
      ["user:lea", "Léa Petit", "not_started", null],
      ["user:camille", "Camille Martin", "not_started", null],
    ]);
  });

  it("keeps the last order while no status, bib or name changed, and sorts again when one did", () => {
    const s = state();
    const first = runners(s);
    // Same runners, same fields: the previous order comes back, with this update's runner objects.
    const withMorePoints = { ...s, tracks: { ...s.tracks } };
    const again = runners(withMorePoints, first);
    expect(again.map((r) => r.key)).toEqual(first.map((r) => r.key));
    expect(again[0]).not.toBe(first[0]);
    // A previous order that no longer holds (here: reversed, as if Léa had been on course) is not kept once
    // a status differs from it…
    const stale = [...first]
      .reverse()
      .map((r) => (r.key === "user:lea" ? { ...r, status: "running" as const } : r));
    expect(runners(s, stale).map((r) => r.key)).toEqual(first.map((r) => r.key));
    // …nor when the runners are not the same ones.
    expect(runners(s, first.slice(1)).map((r) => r.key)).toEqual(first.map((r) => r.key));
  });

  it("says how long ago the last point was, on the delayed timeline, and when a runner is stale", () => {
    const s = state();
    const [camille, guest, lea] = runners(s);
    if (!camille || !guest || !lea) throw new Error("runners");
    expect(secondsSinceLast(camille, s, T0 + 10_000)).toBe(0);
    expect(isStale(camille, s, T0 + 70_000)).toBe(false);
    expect(isStale(camille, s, T0 + 71_000)).toBe(true);
    const delayed = { ...s, event: { ...s.event, delay_sec: 30 } };
    expect(secondsSinceLast(camille, delayed, T0 + 40_000)).toBe(0);
    // No position yet: stale once silent since its start for as long; not-started runners never are.
    expect(isStale(guest, s, T0 + 30_000)).toBe(false);
    expect(isStale(guest, s, T0 + 61_000)).toBe(true);
    expect(isStale(lea, s, T0 + 1e9)).toBe(false);
  });

  it("gives stable colours and short marker texts", () => {
    expect(runnerColor("track:x")).toBe(runnerColor("track:x"));
    const registered = runners(state()).filter((r) => participants.some((p) => p.name === r.name));
    expect(registered).toHaveLength(3);
    expect(new Set(registered.map((r) => r.color)).size).toBe(3);
    expect(markerText({ bib: "1234567", name: "x" })).toBe("1234");
    expect(markerText({ bib: null, name: "camille  martin dupont" })).toBe("CM");
    expect(markerText({ bib: null, name: "" })).toBe("?");
  });
});
