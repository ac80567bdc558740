import { describe, expect, it } from "vitest";
import { endOfLocalDay } from "~/lib/time";
import { raceWindow, showsLive } from "./imports";

const at = (iso: string) => Date.parse(iso);
const race = {
  startMs: at("2026-06-14T07:00:00Z"),
  endMs: at("2026-06-14T13:00:00Z"),
  timezone: "Europe/Paris",
};
const imported = (start: string, end: string | null) => ({
  deviceTrackId: "import:0123456789abcdef:0",
  startMs: at(start),
  endMs: end ? at(end) : null,
});

describe("showsLive", () => {
  it("always shows tracks that were not imported", () => {
    expect(showsLive({ deviceTrackId: "phone-1", startMs: 0, endMs: 1 }, [])).toBe(true);
  });

  it("keeps an imported track out without a race", () => {
    expect(showsLive(imported("2026-06-14T08:00:00Z", "2026-06-14T10:00:00Z"), [])).toBe(false);
  });

  it("shows an imported track overlapping its race's window, at either edge", () => {
    expect(showsLive(imported("2026-06-14T08:00:00Z", "2026-06-14T10:00:00Z"), [race])).toBe(true);
    expect(showsLive(imported("2026-06-14T06:30:00Z", "2026-06-14T07:00:00Z"), [race])).toBe(true);
    expect(showsLive(imported("2026-06-14T12:59:00Z", "2026-06-14T15:00:00Z"), [race])).toBe(true);
  });

  it("keeps out an imported track recorded before or after the window", () => {
    expect(showsLive(imported("2019-03-02T08:00:00Z", "2019-03-02T09:00:00Z"), [race])).toBe(false);
    expect(showsLive(imported("2026-06-14T13:00:00Z", "2026-06-14T14:00:00Z"), [race])).toBe(false);
    expect(showsLive(imported("2026-06-14T06:00:00Z", "2026-06-14T06:59:59Z"), [race])).toBe(false);
  });

  it("without a cut-off, the window runs to the end of the race's local day", () => {
    const open = { ...race, endMs: null };
    // Paris is UTC+2 in June: the day ends at 22:00 UTC.
    expect(showsLive(imported("2026-06-14T21:30:00Z", "2026-06-14T23:00:00Z"), [open])).toBe(true);
    expect(showsLive(imported("2026-06-14T22:00:00Z", "2026-06-14T23:00:00Z"), [open])).toBe(false);
  });

  it("shows it when any of its participant's races covers it, whatever their order", () => {
    const earlier = {
      ...race,
      startMs: Date.parse("2019-03-02T07:00:00Z"),
      endMs: Date.parse("2019-03-02T12:00:00Z"),
    };
    const track = imported("2019-03-02T08:00:00Z", "2019-03-02T09:00:00Z");
    expect(showsLive(track, [race, earlier])).toBe(true);
    expect(showsLive(track, [earlier, race])).toBe(true);
  });

  it("counts a track without an end by its start", () => {
    expect(showsLive(imported("2026-06-14T09:00:00Z", null), [race])).toBe(true);
    expect(showsLive(imported("2026-06-15T09:00:00Z", null), [race])).toBe(false);
  });
});

describe("endOfLocalDay", () => {
  it("is the next local midnight", () => {
    expect(endOfLocalDay(at("2026-01-10T23:30:00Z"), "Europe/Paris")).toBe(at("2026-01-11T23:00:00Z"));
    expect(endOfLocalDay(at("2026-01-10T12:00:00Z"), "UTC")).toBe(at("2026-01-11T00:00:00Z"));
    expect(endOfLocalDay(at("2026-01-10T03:00:00Z"), "America/New_York")).toBe(at("2026-01-10T05:00:00Z"));
  });
});

describe("raceWindow", () => {
  const entry = { startMode: "waves" as const, ...race, waveStartMs: at("2026-06-14T05:30:00Z") };

  it("starts at the participant's own wave in a race with waves, earlier or later than the race's start", () => {
    expect(raceWindow(entry)).toEqual({ ...race, startMs: at("2026-06-14T05:30:00Z") });
    const late = raceWindow({ ...entry, waveStartMs: at("2026-06-14T09:00:00Z") });
    expect(late.startMs).toBe(at("2026-06-14T09:00:00Z"));
    // Recorded from 06:00 in the 05:30 wave: shown, though the race (its first wave's default) starts at 07:00.
    const early = imported("2026-06-14T06:00:00Z", "2026-06-14T06:50:00Z");
    expect(showsLive(early, [raceWindow(entry)])).toBe(true);
    expect(showsLive(early, [race])).toBe(false);
  });

  it("uses the race's start without a wave, and for gun and individual starts", () => {
    expect(raceWindow({ ...entry, waveStartMs: null }).startMs).toBe(race.startMs);
    expect(raceWindow({ ...entry, startMode: "gun" }).startMs).toBe(race.startMs);
    expect(raceWindow({ ...entry, startMode: "individual" }).startMs).toBe(race.startMs);
  });
});
