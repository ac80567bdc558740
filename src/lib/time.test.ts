import { describe, expect, it } from "vitest";
import { fromLocalDateTime, isValidTimeZone, toLocalDateTime } from "./time";

describe("fromLocalDateTime / toLocalDateTime", () => {
  it("reads a wall-clock time in the event's timezone, summer and winter", () => {
    expect(fromLocalDateTime("2026-06-14", "09:30", "Europe/Paris").toISOString()).toBe(
      "2026-06-14T07:30:00.000Z",
    );
    expect(fromLocalDateTime("2026-01-10", "09:30", "Europe/Paris").toISOString()).toBe(
      "2026-01-10T08:30:00.000Z",
    );
    expect(fromLocalDateTime("2026-06-14", "09:30", "America/New_York").toISOString()).toBe(
      "2026-06-14T13:30:00.000Z",
    );
  });

  it("round-trips, across the DST change", () => {
    for (const [date, time] of [
      ["2026-03-29", "03:30"],
      ["2026-10-25", "02:30"],
      ["2026-12-31", "23:59"],
    ] as const) {
      expect(toLocalDateTime(fromLocalDateTime(date, time, "Europe/Paris"), "Europe/Paris")).toEqual({
        date,
        time,
      });
    }
  });

  it("moves a time skipped by spring-forward one hour later", () => {
    const instant = fromLocalDateTime("2026-03-29", "02:30", "Europe/Paris");
    expect(toLocalDateTime(instant, "Europe/Paris")).toEqual({ date: "2026-03-29", time: "03:30" });
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA names and refuses junk", () => {
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
