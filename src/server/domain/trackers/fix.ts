import { type Point, pointAt } from "~/server/domain/point";

/**
 * What the tracker-app parsers (osmand.ts, traccar.ts, owntracks.ts, gpslogger.ts) share: each turns one app's
 * request into our domain points, in our units (m/s, metres, degrees, battery 0…1, epoch ms), and names the
 * token the request carries. Ranges are not checked here: the HTTP layer checks every point against the REST
 * point schema (api/schemas/track.ts ZPoint), so a fix from an app and a point from POST /tracks/{id}/points
 * follow the same rules.
 */

/** One request of a tracker app, read. */
export interface TrackerRequest {
  /** The token the request carries in its device id or URL, if any (else the transport's: Basic auth…). */
  token: string | null;
  /** The fixes to store (most apps send one per request). */
  fixes: Point[];
  /** Why a well-formed request carries nothing to store (the app still gets its success answer). */
  ignored?: string;
}

/** A request the app sent wrongly: the field and what is wrong (the HTTP layer answers 400 with it). */
export class FixError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "FixError";
  }
}

export const KNOTS_TO_MPS = 1852 / 3600;
export const KMH_TO_MPS = 1 / 3.6;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number sent as text (query, form); "" and absent are null; anything else is a FixError. */
export function decimal(raw: string | null | undefined, field: string): number | null {
  if (raw === null || raw === undefined) return null;
  const text = raw.trim();
  if (text === "") return null;
  if (!DECIMAL.test(text)) throw new FixError(field, `expected a number, got "${text.slice(0, 40)}"`);
  return Number(text);
}

/** A number of a JSON body: absent or null is null; a string or anything else is a FixError (never coerced). */
export function jsonNumber(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new FixError(field, `expected a number, got ${JSON.stringify(value)?.slice(0, 40)}`);
  return value;
}

export function required<T>(value: T | null, field: string): T {
  if (value === null) throw new FixError(field, "required");
  return value;
}

/**
 * A position. (0, 0) is refused: apps send it when they have no fix (GPSLogger's and Traccar Client's
 * defaults are 0.0), and a runner in the Gulf of Guinea is not a participant of our events.
 */
export function position(lat: number, lon: number, ts: number): Point {
  if (lat === 0 && lon === 0) throw new FixError("lat", "(0, 0) is no position: the app had no fix");
  return pointAt(ts, lat, lon);
}

/** Battery in percent (0…100, as OsmAnd, OwnTracks and GPSLogger send it) as our 0…1; negative is unknown. */
export function percent(value: number | null): number | null {
  return value === null || value < 0 ? null : value / 100;
}

/** An epoch time in ms from an ISO 8601 text; without a zone it is UTC. */
export function isoTime(text: string, field: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(t))
    throw new FixError(field, `expected an ISO 8601 time or epoch seconds, got "${t.slice(0, 40)}"`);
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? t : `${t}Z`;
  const ms = Date.parse(zoned.replace(" ", "T"));
  if (!Number.isFinite(ms)) throw new FixError(field, `not a valid time: "${t.slice(0, 40)}"`);
  return ms;
}
