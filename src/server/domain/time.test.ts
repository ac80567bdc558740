import { describe, expect, it } from "vitest";
import { isPlausibleTimestamp, MAX_FUTURE_SKEW_MS, MIN_PLAUSIBLE_TIMESTAMP_MS } from "./time";

describe("isPlausibleTimestamp", () => {
  const now = Date.UTC(2026, 4, 17, 12);

  it("accepts times from 2000-01-01 to 24 h ahead of now", () => {
    expect(isPlausibleTimestamp(MIN_PLAUSIBLE_TIMESTAMP_MS, now)).toBe(true);
    expect(isPlausibleTimestamp(Date.UTC(2016, 8, 11), now)).toBe(true);
    expect(isPlausibleTimestamp(now + MAX_FUTURE_SKEW_MS, now)).toBe(true);
  });

  it("refuses earlier times, later times and non-numbers", () => {
    expect(isPlausibleTimestamp(MIN_PLAUSIBLE_TIMESTAMP_MS - 1, now)).toBe(false);
    // What a GPX time in year 0000 used to become (Date.UTC maps years 0-99 to 1900-1999).
    expect(isPlausibleTimestamp(Date.UTC(0, 0, 1), now)).toBe(false);
    expect(isPlausibleTimestamp(now + MAX_FUTURE_SKEW_MS + 1, now)).toBe(false);
    expect(isPlausibleTimestamp(Number.NaN, now)).toBe(false);
    expect(isPlausibleTimestamp(Number.POSITIVE_INFINITY, now)).toBe(false);
  });

  it("uses the current time by default", () => {
    expect(isPlausibleTimestamp(Date.now())).toBe(true);
    expect(isPlausibleTimestamp(Date.now() + 2 * MAX_FUTURE_SKEW_MS)).toBe(false);
  });
});
