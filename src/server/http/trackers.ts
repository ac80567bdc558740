import { authorizeToken } from "~/server/api/access";
import { ZPoint } from "~/server/api/schemas/track";
import { createContext } from "~/server/api/trpc";
import { tokenFromHeaders } from "~/server/auth/tokens";
import { config } from "~/server/config";
import type { Point } from "~/server/domain/point";
import { FixError, type TrackerRequest } from "~/server/domain/trackers/fix";
import { parseGpsLogger } from "~/server/domain/trackers/gpslogger";
import { parseOsmand } from "~/server/domain/trackers/osmand";
import { parseOwnTracks } from "~/server/domain/trackers/owntracks";
import { parseTraccarJson } from "~/server/domain/trackers/traccar";
import { AppError, validationError } from "~/server/errors";
import { recordFixes } from "~/server/services/trackers";
import { parseJson, readBody } from "./body";
import { send } from "./node";
import type { ApiRequest } from "./request";

/**
 * The tracker apps runners already have (README "Tracker apps", docs/trackers.md): each route reads its app's
 * request with the domain parser (domain/trackers/*), checks every fix against the REST point schema, finds
 * the token where the app puts it, and answers what the app expects on success: OsmAnd/Traccar and GPSLogger
 * a plain 200, OwnTracks a JSON array. Errors take the edge's one path (our JSON error body): every one of
 * these apps treats any non-2xx answer as "not delivered" and keeps the fix to send again.
 */
export interface TrackerRoute {
  method: "GET" | "POST";
  path: string;
  handler: (call: ApiRequest) => Promise<void>;
}

type App = "osmand" | "owntracks" | "gpslogger";

const isJson = (call: ApiRequest) =>
  /^application\/(.+\+)?json\b/i.test(call.headers.get("content-type") ?? "");

/**
 * OsmAnd: the query, or for a POST without one, the form body (as Traccar's decoder reads it). GPSLogger: both
 * (the token in the URL, the placeholders in the body, or all in the URL).
 */
async function params(call: ApiRequest, merge: boolean): Promise<URLSearchParams> {
  if (call.method !== "POST") return call.url.searchParams;
  const body = new URLSearchParams(
    (await readBody(call.req, config().maxBodyBytes.tracker)).toString("utf8"),
  );
  if (!merge) return call.url.searchParams.size > 0 ? call.url.searchParams : body;
  for (const [key, value] of call.url.searchParams) if (!body.has(key)) body.append(key, value);
  return body;
}

async function read(app: App, call: ApiRequest): Promise<TrackerRequest> {
  try {
    if (app === "owntracks") {
      const body = await readBody(call.req, config().maxBodyBytes.tracker);
      return parseOwnTracks(body.byteLength === 0 ? undefined : parseJson(call.req, body));
    }
    if (app === "osmand" && call.method === "POST" && isJson(call)) {
      const body = await readBody(call.req, config().maxBodyBytes.tracker);
      return parseTraccarJson(parseJson(call.req, body));
    }
    const query = await params(call, app === "gpslogger");
    return app === "osmand" ? parseOsmand(query, Date.now()) : parseGpsLogger(query);
  } catch (error) {
    if (error instanceof FixError)
      throw new AppError("BAD_REQUEST", `Invalid fix: ${error.message}`, {
        issues: [{ path: [error.field], message: error.message }],
      });
    throw error;
  }
}

/** `Authorization: Basic user:password` → the password (OwnTracks and GPSLogger's HTTP authentication). */
function basicPassword(headers: Headers): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.get("authorization") ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : null;
}

function tokenOf(call: ApiRequest, parsed: TrackerRequest): string | null {
  return (
    parsed.token ||
    call.url.searchParams.get("token") ||
    tokenFromHeaders(call.headers) ||
    basicPassword(call.headers)
  );
}

/** Every fix passes the REST point schema: same ranges, same time window, same refusal of the whole request. */
function checked(fixes: readonly Point[]): Point[] {
  for (const fix of fixes) {
    const parsed = ZPoint.safeParse({
      latitude: fix.lat,
      longitude: fix.lon,
      timestamp: new Date(fix.ts).toISOString(),
      altitude: fix.altitude,
      accuracy: fix.accuracy,
      speed_mps: fix.speedMps,
      heading: fix.heading,
      battery: fix.battery,
    });
    if (!parsed.success) {
      const error = validationError(parsed.error);
      throw new AppError("BAD_REQUEST", error.message.replace(/^Invalid input/, "Invalid fix"), {
        issues: error.issues,
      });
    }
  }
  return [...fixes];
}

function handler(app: App) {
  return async (call: ApiRequest): Promise<void> => {
    const parsed = await read(app, call);
    const token = tokenOf(call, parsed);
    const headers = new Headers(token ? { "x-api-key": token } : {});
    const ctx = await createContext({ headers, address: call.address, device: "tracker" });
    const auth = await authorizeToken(ctx, "tracks:write");
    if (parsed.fixes.length > 0) await recordFixes(ctx.db, auth, checked(parsed.fixes));
    if (app === "owntracks") send(call.res, 200, "[]", { "Content-Type": "application/json" });
    else send(call.res, 200, "", { "Content-Type": "text/plain; charset=utf-8" });
  };
}

export const TRACKER_ROUTES: readonly TrackerRoute[] = [
  { method: "GET", path: "/trackers/osmand", handler: handler("osmand") },
  { method: "POST", path: "/trackers/osmand", handler: handler("osmand") },
  { method: "POST", path: "/trackers/owntracks", handler: handler("owntracks") },
  { method: "GET", path: "/trackers/gpslogger", handler: handler("gpslogger") },
  { method: "POST", path: "/trackers/gpslogger", handler: handler("gpslogger") },
];
