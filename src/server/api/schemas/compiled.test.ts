import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deviceTime, numberIn, text } from "./common";
import { compiled, compileNode } from "./compiled";
import { ZAddPointsRequest, ZPoint, ZSyncRequest } from "./track";

const check = (schema: z.ZodType) => {
  const c = compileNode(schema);
  if (!c) throw new Error("not compiled");
  return c;
};
/** zod's own answer, from a copy of the schema without the compiled path. */
const plain = <T extends z.ZodType>(schema: T) => schema.clone() as T;

describe("compileNode accepts only what zod accepts unchanged", () => {
  it("numbers: finite, range bounds inclusive or not, no coercion", () => {
    const c = check(numberIn(-90, 90));
    expect([-90, 0, 90, 45.5].map(c)).toEqual([true, true, true, true]);
    expect([-90.0001, 91, Number.NaN, Number.POSITIVE_INFINITY, "42", null, undefined].map(c)).toEqual(
      Array(7).fill(false),
    );
    const open = check(z.number().gt(0).lt(1));
    expect([0, 1, 0.5].map(open)).toEqual([false, false, true]);
  });

  it("strings: lengths in code points left to zod past the units, NUL refine, datetime pattern", () => {
    const t = check(text(3));
    expect(t("abc")).toBe(true);
    expect(t("a\u0000")).toBe(false);
    // Four UTF-16 units, two code points: zod accepts it, the compiled check defers (never the reverse).
    expect(t("😀😀")).toBe(false);
    expect(plain(text(3)).safeParse("😀😀").success).toBe(true);
    expect(text(3).safeParse("😀😀").success).toBe(true);
    const ts = check(deviceTime());
    expect(ts("2026-03-12T08:20:00.000Z")).toBe(true);
    expect(ts("2026-03-12T09:20:00+01:00")).toBe(true);
    for (const bad of [
      "2026-03-12T08:20:00",
      "2026-02-30T08:20:00Z",
      "1999-12-31T23:59:59Z",
      "3000-01-01T00:00:00Z",
    ])
      expect(ts(bad)).toBe(false);
  });

  it("objects: unknown keys, non-plain objects and missing required fields defer to zod", () => {
    const c = check(z.object({ a: z.number(), b: z.enum(["x", "y"]).nullish() }));
    expect(c({ a: 1 })).toBe(true);
    expect(c({ a: 1, b: null })).toBe(true);
    expect(c({ a: 1, b: "y" })).toBe(true);
    expect(c({ a: 1, b: "z" })).toBe(false);
    expect(c({ a: 1, extra: 2 })).toBe(false);
    expect(c({ b: "x" })).toBe(false);
    expect(c(JSON.parse('{"a":1,"__proto__":{}}'))).toBe(false);
    expect(c(Object.assign(Object.create({ inherited: 1 }), { a: 1 }))).toBe(false);
    expect(c([1])).toBe(false);
  });

  it("arrays: length limits and every element", () => {
    const c = check(z.array(z.number()).min(1).max(2));
    expect([[1], [1, 2]].map(c)).toEqual([true, true]);
    expect([[], [1, 2, 3], ["1"], { length: 1, 0: 1 }].map(c)).toEqual([false, false, false, false]);
  });

  it("does not compile what it cannot answer for, and compiled() says so", () => {
    for (const schema of [
      z.string().trim(),
      z.number().int(),
      z.number().default(1),
      z.union([z.string(), z.number()]),
      z.object({ a: z.number() }).strict(),
      z.object({ a: z.string().transform((s) => s.length) }),
      z.coerce.number(),
      z.email(),
    ])
      expect(compileNode(schema)).toBeNull();
    expect(() => compiled(z.string().trim())).toThrow(/compileNode/);
  });
});

const NOW = Date.now();
const field = fc.oneof(
  fc.double(),
  fc.integer({ min: -200_000, max: 200_000 }),
  fc.constantFrom(null, undefined, "", "42", true, -0, 1e-7, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom("foreground", "background", "native", "other"),
);
/** Mostly values within the fields' ranges (0 … 1 is within most), the rest of every kind. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: field },
);
const timestamp = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .integer({ min: Date.UTC(1998, 0, 1), max: NOW + 3 * 86_400_000 })
      .map((ms) => new Date(ms).toISOString()),
  },
  fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }).map((ms) => new Date(ms).toISOString().slice(0, 19)),
  fc
    .tuple(fc.integer({ min: Date.UTC(2020, 0, 1), max: NOW }), fc.integer({ min: -14, max: 14 }))
    .map(
      ([ms, h]) =>
        `${new Date(ms).toISOString().slice(0, 19)}${h < 0 ? "-" : "+"}${String(Math.abs(h)).padStart(2, "0")}:00`,
    ),
  fc.string(),
  fc.constantFrom(
    null,
    1_700_000_000_000,
    "2026-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-03-12T08:20:00.1Z\u0000",
  ),
);
const KEYS = Object.keys(ZPoint.shape);
/** Points near the valid ones: the right fields with values of every kind, a field left out, an extra one. */
const point = fc
  .record({
    latitude: fc.oneof({ weight: 4, arbitrary: fc.double({ min: -90, max: 90, noNaN: true }) }, field),
    longitude: fc.oneof({ weight: 4, arbitrary: fc.double({ min: -180, max: 180, noNaN: true }) }, field),
    timestamp,
    optional: fc.dictionary(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...KEYS) },
        fc.constantFrom("speed", "lat", "__proto__"),
      ),
      value,
      { maxKeys: 5 },
    ),
    drop: fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      fc.constantFrom("latitude", "longitude", "timestamp"),
    ),
  })
  .map(({ optional, drop, ...required }) => {
    const p: Record<string, unknown> = { ...required };
    for (const [k, v] of Object.entries(optional))
      Object.defineProperty(p, k, { value: v, enumerable: true, writable: true, configurable: true });
    if (drop) delete p[drop];
    return p;
  });

/** The compiled schema and zod alone agree: same success, same value, same issues. */
function sameAnswer(schema: z.ZodType, reference: z.ZodType, value: unknown) {
  const fast = schema.safeParse(value);
  const slow = reference.safeParse(value);
  expect(fast.success).toBe(slow.success);
  if (fast.success && slow.success) expect(fast.data).toStrictEqual(slow.data);
  else expect(fast.error?.issues).toEqual(slow.error?.issues);
  return slow.success;
}

describe("ZPoint with its compiled check, against zod's plain parse (randomized)", () => {
  const reference = plain(ZPoint);

  it("answers every point as zod does, and the compiled check never accepts what zod refuses", () => {
    let accepted = 0;
    let compiledAccepted = 0;
    const c = check(ZPoint);
    fc.assert(
      fc.property(point, (p) => {
        const ok = sameAnswer(ZPoint, reference, p);
        if (ok) accepted++;
        if (c(p)) {
          compiledAccepted++;
          expect(ok).toBe(true);
        }
      }),
      { numRuns: 20_000, seed: 17 },
    );
    // The generator reaches both sides, and the compiled path takes most valid points.
    expect(accepted).toBeGreaterThan(500);
    expect(compiledAccepted).toBeGreaterThan(accepted / 2);
  });

  it("batches: the request schemas through ZPoint agree with zod's parse of the same shape", () => {
    const addReference = z.object({
      id: ZAddPointsRequest.shape.id,
      points: z.array(reference).min(1).max(10_000),
    });
    const syncReference = ZSyncRequest.extend({ points: z.array(reference).max(50_000).default([]) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 8 }), (points) => {
        sameAnswer(ZAddPointsRequest, addReference, { id: "t", points });
        sameAnswer(ZSyncRequest, syncReference, { track: { device_track_id: "d" }, points });
      }),
      { numRuns: 2_000, seed: 3 },
    );
  });

  it("returns the point as sent when it is accepted (zod would return an equal copy)", () => {
    const p = { latitude: 45, longitude: 6, timestamp: "2026-03-12T08:20:00Z", altitude: null };
    expect(ZPoint.parse(p)).toBe(p);
    expect(reference.parse(p)).toStrictEqual(p);
  });
});
