import { describe, expect, it } from "vitest";
import { autoTrackTitle } from "./title";

describe("autoTrackTitle", () => {
  it("formats the start in the event's timezone (winter, UTC+1)", () => {
    expect(autoTrackTitle(new Date("2026-03-12T08:20:00Z"), "Europe/Paris")).toBe(
      "Sortie du 12 mars à 09h20",
    );
  });
  it("follows daylight saving time (summer, UTC+2)", () => {
    expect(autoTrackTitle(new Date("2026-07-14T05:05:00Z"), "Europe/Paris")).toBe(
      "Sortie du 14 juillet à 07h05",
    );
  });
  it("uses another timezone when the event has one, across midnight", () => {
    expect(autoTrackTitle(new Date("2026-03-12T23:30:00Z"), "America/Montreal")).toBe(
      "Sortie du 12 mars à 19h30",
    );
    expect(autoTrackTitle(new Date("2026-03-12T23:30:00Z"), "Asia/Tokyo")).toBe("Sortie du 13 mars à 08h30");
  });
  it("writes an English title when asked (the dashboard's English imports)", () => {
    expect(autoTrackTitle(new Date("2026-03-12T08:20:00Z"), "Europe/Paris", "en")).toBe(
      "Run on 12 March at 09:20",
    );
  });
  it("writes the first of the month as 1er and midnight as 00h", () => {
    expect(autoTrackTitle(new Date("2026-01-31T23:00:00Z"), "Europe/Paris")).toBe(
      "Sortie du 1er février à 00h00",
    );
  });
});
