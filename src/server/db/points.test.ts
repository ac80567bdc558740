import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberArray } from "./points";

/** The literal as written one element at a time (the form it replaced, and what PostgreSQL reads). */
const oneByOne = (values: ReadonlyArray<number | null>) =>
  values.some((v) => v !== null)
    ? `{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`
    : null;

describe("numberArray", () => {
  it("writes every number as String() does, nulls as NULL, and no literal for all nulls", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer(), fc.constant(null)), { maxLength: 50 }),
        (values) => {
          const literal = numberArray(values);
          const expected = oneByOne(values);
          expect(literal?.replace(/null/g, "NULL")).toBe(expected ?? undefined);
        },
      ),
      { numRuns: 5_000, seed: 7 },
    );
    expect(numberArray([null, null])).toBeNull();
    expect(numberArray([1.5, null, -0, 1e21, 5e-324])).toBe("{1.5,null,0,1e+21,5e-324}");
    expect(numberArray([Number.NaN, null, Number.NEGATIVE_INFINITY])).toBe("{NaN,NULL,-Infinity}");
  });
});
