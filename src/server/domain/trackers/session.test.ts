import { describe, expect, it } from "vitest";
import { type DeviceTrack, eventEndMs, routeFix } from "./session";

const MIN = 60_000;
const rules = { idleMs: 30 * MIN, eventEndMs: Date.parse("2026-03-13T00:00:00Z") };
const t0 = Date.parse("2026-03-12T08:00:00Z");
const open: DeviceTrack = { id: "a", startTs: t0, lastFixTs: t0 + 10 * MIN, endTs: null, closed: false };

describe("routeFix", () => {
  it("opens a track at the first fix", () => {
    expect(routeFix(null, t0, rules)).toEqual({ action: "open", close: null });
  });

  it("appends to the open track, also a fix out of order or repeated", () => {
    expect(routeFix(open, t0 + 11 * MIN, rules)).toEqual({ action: "append", trackId: "a", closed: false });
    expect(routeFix(open, t0 + 5 * MIN, rules)).toMatchObject({ action: "append", trackId: "a" });
    expect(routeFix(open, t0 - 1000, rules)).toEqual({ action: "earlier" });
    expect(routeFix(open, t0 + 10 * MIN, rules)).toMatchObject({ action: "append", trackId: "a" });
  });

  it("closes the open track and opens another after the idle delay (device time)", () => {
    expect(routeFix(open, t0 + 40 * MIN + 1, rules)).toEqual({ action: "open", close: "a" });
    expect(routeFix(open, t0 + 40 * MIN, rules)).toMatchObject({ action: "append" });
  });

  it("gives a closed track its late fixes only; a later fix opens a new track", () => {
    const closed = { ...open, closed: true, endTs: t0 + 10 * MIN };
    expect(routeFix(closed, t0 + 9 * MIN, rules)).toEqual({ action: "append", trackId: "a", closed: true });
    expect(routeFix(closed, t0 + 10 * MIN + 1000, rules)).toEqual({ action: "open", close: null });
  });

  it("opens nothing after the event's end", () => {
    expect(routeFix(null, rules.eventEndMs + 1, rules)).toEqual({ action: "ended", endMs: rules.eventEndMs });
    expect(routeFix({ ...open, lastFixTs: rules.eventEndMs - MIN }, rules.eventEndMs, rules)).toMatchObject({
      action: "append",
    });
  });
});

describe("eventEndMs", () => {
  it("is the end of the event's day in its timezone, across DST", () => {
    expect(eventEndMs(new Date("2026-03-12T08:00:00Z"), "Europe/Paris")).toBe(
      Date.parse("2026-03-12T23:00:00Z"),
    );
    expect(eventEndMs(new Date("2026-07-01T21:30:00Z"), "Europe/Paris")).toBe(
      Date.parse("2026-07-01T22:00:00Z"),
    );
    // 23:30 in Paris on the day DST starts (29 March 2026: 23 h long).
    expect(eventEndMs(new Date("2026-03-28T23:30:00Z"), "Europe/Paris")).toBe(
      Date.parse("2026-03-29T22:00:00Z"),
    );
    expect(eventEndMs(new Date("2026-03-12T08:00:00Z"), "America/New_York")).toBe(
      Date.parse("2026-03-13T04:00:00Z"),
    );
  });
});
