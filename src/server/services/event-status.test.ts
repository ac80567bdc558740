import { describe, expect, it } from "vitest";
import { eventStatus } from "./events";

describe("eventStatus", () => {
  const now = new Date("2026-06-14T21:30:00.000Z"); // 23:30 in Paris, already the 15th in Tokyo
  it("is current on the event's day in its own timezone", () => {
    expect(eventStatus(new Date("2026-06-14T06:00:00.000Z"), "Europe/Paris", 0, now)).toBe("current");
    expect(eventStatus(new Date("2026-06-14T06:00:00.000Z"), "Asia/Tokyo", 0, now)).toBe("past");
  });
  it("is upcoming before that day and past after it", () => {
    expect(eventStatus(new Date("2026-06-20T06:00:00.000Z"), "Europe/Paris", 0, now)).toBe("upcoming");
    expect(eventStatus(new Date("2026-06-01T06:00:00.000Z"), "Europe/Paris", 0, now)).toBe("past");
  });
  it("is current while a track runs, whatever the date", () => {
    expect(eventStatus(new Date("2026-06-01T06:00:00.000Z"), "Europe/Paris", 1, now)).toBe("current");
  });
});
