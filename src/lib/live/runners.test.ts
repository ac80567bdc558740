import { describe, expect, it } from "vitest";
import { isStale, markerText, runnerColor, runnerIndex, runners, secondsSinceLast } from "./runners";
import { fromSnapshot, type LiveMessage, type LiveState, liveReducer } from "./state";
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

  it("kept up to date by runnerIndex, equal to the list built from scratch after every update", () => {
    // A seeded walk over what a race sends: points, statuses, bibs and names changing, tracks created,
    // deleted and given to a participant, a new snapshot; checked against `runners` at every step.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
    const people = Array.from({ length: 40 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      // Some share a name or have no bib: ties the order must break the same way.
      name: `Runner ${i % 25}`,
      bib: i % 7 === 0 ? null : String(100 - (i % 30)),
      user_id: i % 5 === 0 ? null : `u${i % 33}`,
    }));
    const ids = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const states = ["running", "paused", "stopped"] as const;
    const make = (id: string) => {
      const person = pick(people);
      return liveTrack(id, {
        user_id: random() < 0.15 ? `guest-${id}` : person.user_id,
        participant_id: random() < 0.2 ? person.id : null,
        state: pick([...states]),
        start_ts: new Date(T0 + Math.floor(random() * 5) * 60_000).toISOString(),
        participant: random() < 0.5 ? { name: person.name, bib: person.bib } : null,
      });
    };
    const start = (seq: number) =>
      fromSnapshot(
        snapshot(
          ids.slice(0, 45).map((id) => ({ ...make(id), trail: [] })),
          { participants: people.slice(0, 30 + (seq % 10)), seq },
        ),
        T0,
      );
    let s: LiveState = start(10);
    const index = runnerIndex();
    let seq = 10;
    let sec = 0;
    for (let step = 0; step < 600; step++) {
      const messages: LiveMessage[] = [];
      for (let n = Math.floor(random() * 12); n > 0; n--) {
        seq += 1;
        sec += 5;
        const id = pick(ids);
        const current = s.tracks[id]?.track;
        const roll = random();
        if (roll < 0.65 && current) {
          messages.push({ type: "points", seq, track: current, points: points(1, sec) });
        } else if (roll < 0.93 && current) {
          const track = { ...current, state: pick([...states]) };
          if (random() < 0.3) track.participant = { name: `Renamed ${seq % 4}`, bib: pick(["1", "9", null]) };
          if (random() < 0.1) track.participant_id = pick(people).id;
          messages.push({ type: "track", seq, kind: "updated", track_id: id, track });
        } else if (roll < 0.97 || !current) {
          messages.push({ type: "track", seq, kind: "created", track_id: id, track: current ?? make(id) });
        } else {
          messages.push({ type: "track", seq, kind: "deleted", track_id: id, track: null });
        }
      }
      s = step % 150 === 149 ? start(seq) : liveReducer(s, { type: "messages", messages });
      const before = index(s);
      expect(before).toEqual(runners(s));
      // Nothing changed: the same array.
      expect(index(s)).toBe(before);
    }
  });

  it("rebuilds only the runners whose tracks changed", () => {
    const s = state();
    const index = runnerIndex();
    const first = index(s);
    const cur = s.tracks.cur;
    if (!cur) throw new Error("cur");
    const next = liveReducer(s, {
      type: "message",
      message: {
        type: "track",
        seq: 11,
        kind: "finished",
        track_id: "cur",
        track: { ...cur.track, state: "stopped" },
      },
    });
    const after = index(next);
    expect(after).toEqual(runners(next));
    const camille = after.find((r) => r.key === "user:camille");
    expect(camille?.status).toBe("stopped");
    // Camille moved after the guest (no longer on course); the others are the same objects.
    expect(after.map((r) => r.key)).toEqual([
      "user:guest-7",
      "user:camille",
      "user:lea",
      `participant:${NOE}`,
    ]);
    for (const r of after) if (r.key !== "user:camille") expect(first).toContain(r);
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
