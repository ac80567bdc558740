import { z } from "zod";
import { isPlausibleTimestamp, MAX_FUTURE_SKEW_MS, MIN_PLAUSIBLE_TIMESTAMP_MS } from "~/server/domain/time";

/**
 * Building blocks of every input schema, so that each rule is written once: text never holds a NUL (PostgreSQL
 * text cannot store one, and no client has a reason to send it), times are ISO 8601 with a zone and within
 * what a device can plausibly record, numbers are JSON numbers within their range (the HTTP edge coerces
 * nothing: "42" is not a number).
 */

/**
 * A missing field says so ("required") rather than zod's "expected number, received undefined", which reads
 * like a type problem to someone who sent `lat` instead of `latitude`.
 */
z.config({
  customError: (issue) =>
    issue.code === "invalid_type" && issue.input === undefined ? `required (${issue.expected})` : undefined,
});

const NO_NUL = (v: string) => !v.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL characters";

/** A string of at most `max` characters, without NUL. */
export const text = (max: number) => z.string().max(max).refine(NO_NUL, NUL_MESSAGE);

/** The same, trimmed, and at least one character once trimmed. */
export const requiredText = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max).refine(NO_NUL, NUL_MESSAGE);

const ISO_MESSAGE = "expected an ISO 8601 date-time with a timezone, e.g. 2026-03-12T08:20:00Z";

/**
 * A time a device recorded (points, track start and end): ISO 8601 with Z or an offset, not before
 * 2000-01-01 and not more than 24 h ahead of the server's clock (a phone with a wrong clock, or garbage).
 */
export const deviceTime = () =>
  z.iso
    .datetime({ offset: true, local: false, message: ISO_MESSAGE })
    .refine((v) => isPlausibleTimestamp(Date.parse(v)), {
      message: `must be between ${new Date(MIN_PLAUSIBLE_TIMESTAMP_MS).toISOString()} and ${MAX_FUTURE_SKEW_MS / 3_600_000} h from now`,
    })
    .meta({ description: "ISO 8601 timestamp with offset or Z", example: "2026-03-12T08:20:00.000Z" });

/** Earliest and latest instants a filter may name: the database stores them, and nothing real lies outside. */
const FILTER_MIN = Date.UTC(1970, 0, 1);
const FILTER_MAX = Date.UTC(2200, 0, 1);

/** A bound of a time filter (list queries): any ISO 8601 date-time with a zone from 1970 to 2200. */
export const filterTime = () =>
  z.iso.datetime({ offset: true, local: false, message: ISO_MESSAGE }).refine(
    (v) => {
      const ms = Date.parse(v);
      return ms >= FILTER_MIN && ms < FILTER_MAX;
    },
    { message: "must be between 1970 and 2200" },
  );

/**
 * A bound of a date filter: a date-time as above, or a date alone (`2024-03-15`, as FitTrackee's clients
 * send), which the service reads as that day in the event's timezone (from its start; a `to` to its end).
 */
export const filterBound = () =>
  z.union(
    [
      filterTime(),
      z.iso.date({ message: "expected a date (2024-03-15) or an ISO 8601 date-time with a timezone" }),
    ],
    {
      error:
        "expected a date (2024-03-15) or an ISO 8601 date-time with a timezone (2024-03-15T08:00:00Z), from 1970 to 2200",
    },
  );

/** A finite JSON number within [min, max]. */
export const numberIn = (min: number, max: number) => z.number().min(min).max(max);
