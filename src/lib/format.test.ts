import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatCount, formatDistance, formatSpeed, numberFormat } from "./format";

describe("cached Intl formatters", () => {
  it("builds one formatter per locale and options, and reuses it", () => {
    expect(numberFormat("fr", 2)).toBe(numberFormat("fr", 2));
    expect(numberFormat("fr", 2)).not.toBe(numberFormat("en", 2));
    expect(numberFormat("fr", 2)).not.toBe(numberFormat("fr", 1));
    const a = dateTimeFormat("fr", { timeStyle: "short", timeZone: "Europe/Paris" });
    expect(dateTimeFormat("fr", { timeStyle: "short", timeZone: "Europe/Paris" })).toBe(a);
    expect(dateTimeFormat("fr", { timeStyle: "short", timeZone: "UTC" })).not.toBe(a);
  });

  it("formats as before: per locale, digits by size", () => {
    expect(formatDistance(12_345, "fr")).toBe("12,35 km");
    expect(formatDistance(12_345, "en")).toBe("12.35 km");
    expect(formatDistance(850, "fr")).toBe("850 m");
    expect(formatDistance(123_456, "en")).toBe("123.5 km");
    expect(formatSpeed(10, "fr")).toBe("36,0 km/h");
    expect(formatCount(50_000, "en")).toBe("50,000");
    expect(formatCount(1.5, "en")).toBe("1.5");
  });
});
