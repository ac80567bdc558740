import { describe, expect, it } from "vitest";
import { z } from "zod";
import "~/server/api/schemas/common";
import { filterBound } from "~/server/api/schemas/common";
import { validationError } from "./errors";

const point = z.object({ latitude: z.number(), longitude: z.number(), timestamp: z.iso.datetime() });
const batch = z.object({ points: z.array(point) });

function messageOf(schema: z.ZodType, input: unknown): { message: string; issues: unknown[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected a failure");
  const error = validationError(parsed.error, [], input);
  return { message: error.message, issues: error.issues ?? [] };
}

describe("validation messages a new user reads", () => {
  it("names a field sent under another name (lat, lng) instead of a type error", () => {
    const { message } = messageOf(batch, {
      points: [{ lat: 45.1, lng: 6.2, timestamp: "2026-03-12T08:20:05Z" }],
    });
    expect(message).toContain(
      'points[0].latitude: required; "lat" is not a field of this object: send "latitude"',
    );
    expect(message).toContain('"lng" is not a field');
    expect(message).not.toMatch(/NaN|received/);
  });

  it("says required for a field simply missing", () => {
    const { message } = messageOf(batch, { points: [{ longitude: 6.2, timestamp: "2026-03-12T08:20:05Z" }] });
    expect(message).toBe("Invalid input: points[0].latitude: required (number)");
  });

  it("lists no regular expression for a time without a timezone, even inside a union", () => {
    const { message, issues } = messageOf(z.object({ from: filterBound() }), { from: "2026-12-01T08:00:00" });
    expect(message).toContain("from: expected a date (2024-03-15) or an ISO 8601 date-time with a timezone");
    expect(JSON.stringify(issues)).not.toContain("pattern");
    expect(JSON.stringify(issues).length).toBeLessThan(1200);
  });
});
