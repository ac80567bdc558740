import { describe, expect, it } from "vitest";
import {
  formatHoursMinutes,
  fromDateTimeInput,
  fromLocalDateTime,
  isValidTimeZone,
  parseHoursMinutes,
  toDateTimeInput,
  toLocalDateTime,
} from "./time";

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

describe("form inputs", () => {
  it("shows and reads a datetime-local value on the event's clock", () => {
    expect(toDateTimeInput("2026-06-14T05:30:00.000Z", "Europe/Paris")).toBe("2026-06-14T07:30");
    expect(fromDateTimeInput("2026-06-14T07:30", "Europe/Paris")).toBe("2026-06-14T05:30:00.000Z");
    expect(fromDateTimeInput("", "Europe/Paris")).toBeNull();
    expect(toDateTimeInput(null, "Europe/Paris")).toBe("");
  });

  it("reads h:mm durations and refuses anything else", () => {
    expect(parseHoursMinutes("4:30")).toBe(16_200);
    expect(parseHoursMinutes(" 12:05:30 ")).toBe(43_530);
    expect(["", "4", "4:75", "a:10", "4h30"].map(parseHoursMinutes)).toEqual([null, null, null, null, null]);
    expect(formatHoursMinutes(16_200)).toBe("4:30");
  });
});
