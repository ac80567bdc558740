import { describe, expect, it } from "vitest";
import { rangeText, rule } from "./rules";

describe("reference page rules", () => {
  it("writes ranges as ranges, one bound as a bound, and none when unbounded", () => {
    expect(rangeText({ minimum: -500, maximum: 9000 })).toBe("-500 to 9,000");
    expect(rangeText({ minimum: 0 })).toBe("≥ 0");
    expect(rangeText({ exclusiveMinimum: 0 })).toBe("> 0");
    expect(rangeText({ minimum: 1, exclusiveMaximum: 10 })).toBe("≥ 1 and < 10");
    expect(rangeText({ type: "integer" })).toBeNull();
  });

  it("joins enum, range, lengths and description", () => {
    expect(rule({ type: "integer", minimum: 1, maximum: 100, default: 20, description: "page size" })).toBe(
      "1 to 100; default 20; page size",
    );
    expect(rule({ type: "string", maxLength: 200 })).toBe("0–200 chars");
    expect(rule({ enum: ["a", "b"] })).toBe("a | b");
  });
});
