/**
 * The tracker apps' endpoints (http/trackers.ts) in the OpenAPI document: not tRPC procedures, because each
 * reads its app's own request format (docs/trackers.md). Written from the domain parsers' rules
 * (domain/trackers/*): the fields each reads, in the units each app sends. Kept beside openapi.ts, which
 * adds the error responses and the security schemes named here.
 */

const num = (description: string, example?: number): Record<string, unknown> => ({
  type: "number",
  description,
  ...(example === undefined ? {} : { example }),
});

/** OsmAnd protocol fields (Traccar's decoder; Traccar Client before version 9). */
const OSMAND_FIELDS: Record<string, Record<string, unknown>> = {
  id: {
    type: "string",
    description: "The device: the participant's (or an event's) token",
    example: "rfy_AbC…",
  },
  deviceid: { type: "string", description: "Another name for `id`" },
  timestamp: {
    type: "string",
    description:
      "Epoch seconds, or milliseconds when ≥ 2³¹−1; or ISO 8601 with `T`; or `yyyy-MM-dd HH:mm:ss` (UTC). Absent: the server's now",
    example: "1765012345",
  },
  lat: num("Latitude (degrees)", 45.19),
  lon: num("Longitude (degrees)", 5.72),
  location: { type: "string", description: "`lat,lon` instead of `lat` and `lon`", example: "45.19,5.72" },
  speed: num("Speed in **knots** (stored as m/s: × 0.514444)", 5.2),
  bearing: num("Heading (degrees)"),
  heading: num("Another name for `bearing`"),
  altitude: num("Altitude (metres)"),
  accuracy: num("Accuracy (metres); 0 means unknown (Traccar Client sends 0 for GPS fixes)"),
  batt: num("Battery in **percent**", 80),
  valid: {
    type: "string",
    description: "`false` or `0`: the device has no fix; nothing is stored, the answer is still 200",
  },
};

/** GPSLogger for Android: the names its `%ALL` placeholder expands to (and the documented URL template). */
const GPSLOGGER_FIELDS: Record<string, Record<string, unknown>> = {
  token: { type: "string", description: "The participant's token, in the pasted URL" },
  lat: num("`%LAT`: latitude (degrees)", 45.19),
  lon: num("`%LON`: longitude (degrees)", 5.72),
  time: {
    type: "string",
    description:
      "`%TIME`: ISO 8601 UTC with milliseconds; one of `time`, `timeoffset`, `timestamp` is required",
    example: "2026-03-12T08:20:05.123Z",
  },
  timeoffset: { type: "string", description: "`%TIMEOFFSET`: ISO 8601 with the phone's offset" },
  timestamp: { type: "integer", description: "`%TIMESTAMP`: epoch **seconds**" },
  spd: num("`%SPD`: speed in m/s"),
  spd_kph: num("`%SPD_KPH`: speed in km/h (when `spd` is absent)"),
  alt: num("`%ALT`: altitude (metres)"),
  acc: num("`%ACC`: accuracy (metres); 0.0 means unknown"),
  dir: num("`%DIR`: heading (degrees)"),
  batt: num("`%BATT`: battery in **percent** (`91.0`)"),
};

function queryParams(fields: Record<string, Record<string, unknown>>, required: string[]) {
  return Object.entries(fields).map(([name, { description, example, ...schema }]) => ({
    name,
    in: "query",
    required: required.includes(name),
    description,
    schema,
    ...(example === undefined ? {} : { example }),
  }));
}

function formBody(fields: Record<string, Record<string, unknown>>, required: string[]) {
  return {
    type: "object",
    required,
    properties: Object.fromEntries(Object.entries(fields).map(([name, { example: _, ...s }]) => [name, s])),
  };
}

const TRACCAR_JSON = {
  type: "object",
  description:
    "Traccar Client 9 and later: the background-geolocation SDK's record. `location` may also be an array " +
    "of such records (the SDK's batch). A record without `coords` stores nothing.",
  properties: {
    device_id: { type: "string", description: "The device: the participant's token" },
    location: {
      type: "object",
      required: ["timestamp"],
      properties: {
        timestamp: { type: "string", format: "date-time" },
        coords: {
          type: "object",
          required: ["latitude", "longitude"],
          properties: {
            latitude: { type: "number" },
            longitude: { type: "number" },
            accuracy: { type: "number", description: "metres; −1 unknown" },
            speed: { type: "number", description: "**m/s**; −1 unknown" },
            heading: { type: "number", description: "degrees; −1 unknown" },
            altitude: { type: "number", description: "metres" },
          },
        },
        battery: {
          type: "object",
          properties: {
            level: { type: "number", description: "**0…1**; −1 unknown" },
            is_charging: { type: "boolean" },
          },
        },
        is_moving: { type: "boolean" },
        odometer: { type: "number" },
        event: { type: "string" },
      },
    },
  },
};

const OWNTRACKS_JSON = {
  type: "object",
  required: ["_type"],
  description:
    'OwnTracks\' HTTP mode. Only `_type: "location"` carries a fix; `lwt`, `transition`, `waypoint`, ' +
    "`status`… are answered 200 with nothing stored; an `encrypted` payload is a 400 (turn encryption off).",
  properties: {
    _type: { type: "string", example: "location" },
    tst: { type: "integer", description: "The fix's time, epoch **seconds** (required for a location)" },
    lat: { type: "number" },
    lon: { type: "number" },
    alt: { type: "number", description: "metres" },
    acc: { type: "number", description: "metres" },
    vel: { type: "number", description: "**km/h**" },
    cog: { type: "number", description: "heading (degrees)" },
    batt: { type: "number", description: "battery, **percent**" },
    tid: { type: "string", description: "tracker id (not stored)" },
  },
  example: { _type: "location", tst: 1765012345, lat: 45.19, lon: 5.72, alt: 212, acc: 5, vel: 11, batt: 80 },
};

const STORED = "Stored (or nothing to store: a message without a fix). Empty body";

/** The security schemes these endpoints take the token through (besides X-API-Key / Bearer). */
export const TRACKER_SECURITY_SCHEMES = {
  OsmAndDeviceId: {
    type: "apiKey",
    in: "query",
    name: "id",
    description: "OsmAnd / Traccar Client: the device identifier is the token",
  },
  TokenQuery: { type: "apiKey", in: "query", name: "token", description: "The token in the URL" },
  TokenBasic: {
    type: "http",
    scheme: "basic",
    description: "OwnTracks: any user name, the token as the password",
  },
} as const;

/** Security alternatives; `write` is the scope a fix needs. */
const via = (...schemes: string[]) => schemes.map((s) => ({ [s]: ["tracks:write"] }));

/**
 * The path items, with `errors` for openapi.ts to fill in (it owns the error responses). Answers per app:
 * OsmAnd and GPSLogger a plain 200, OwnTracks a JSON array (its booklet asks for one).
 */
export function trackerPaths(errors: (statuses: number[]) => Record<string, unknown>) {
  const ok = { "200": { description: STORED, content: { "text/plain": { schema: { type: "string" } } } } };
  const statuses = [400, 401, 403, 409, 413, 429, 503];
  const conflict =
    "A fix after the event's end (the end of its day in its timezone) is a 409 CONFLICT. Any non-2xx answer makes the app keep the fix and send it again.";
  const osmandSecurity = via("OsmAndDeviceId", "ApiKey", "Bearer");
  const osmandRequired = ["lat", "lon"];
  return {
    "/trackers/osmand": {
      get: {
        operationId: "trackers-osmand-get",
        tags: ["trackers"],
        summary: "A fix from an OsmAnd-protocol app (Traccar Client before 9), in the query",
        description: `Scope: \`tracks:write\`. The fix lands in the device's current track of the event (the first fix opens one). ${conflict}`,
        parameters: queryParams(OSMAND_FIELDS, osmandRequired),
        security: osmandSecurity,
        responses: { ...ok, ...errors(statuses) },
      },
      post: {
        operationId: "trackers-osmand-post",
        tags: ["trackers"],
        summary: "A fix from Traccar Client (JSON, version 9 and later) or an OsmAnd form body",
        description: `Scope: \`tracks:write\`. \`Content-Type: application/json\` is read as Traccar Client's record (token in \`device_id\`); otherwise the query, or without one the form body, as for GET. ${conflict}`,
        security: osmandSecurity,
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: TRACCAR_JSON },
            "application/x-www-form-urlencoded": { schema: formBody(OSMAND_FIELDS, osmandRequired) },
          },
        },
        responses: { ...ok, ...errors(statuses) },
      },
    },
    "/trackers/owntracks": {
      post: {
        operationId: "trackers-owntracks",
        tags: ["trackers"],
        summary: "A message from OwnTracks in HTTP mode",
        description: `Scope: \`tracks:write\`. The token as the Basic-auth password (or \`?token=\`, \`X-API-Key\`). An empty body is a 200 with nothing stored. ${conflict}`,
        security: via("TokenBasic", "TokenQuery", "ApiKey", "Bearer"),
        requestBody: { required: false, content: { "application/json": { schema: OWNTRACKS_JSON } } },
        responses: {
          "200": {
            description: "Stored (or nothing to store); an empty JSON array, as OwnTracks expects",
            content: {
              "application/json": { schema: { type: "array", maxItems: 0, items: {} }, example: [] },
            },
          },
          ...errors(statuses),
        },
      },
    },
    "/trackers/gpslogger": {
      get: {
        operationId: "trackers-gpslogger-get",
        tags: ["trackers"],
        summary: "A fix from GPSLogger for Android's custom URL (its default method)",
        description: `Scope: \`tracks:write\`. The URL to paste: \`…/api/trackers/gpslogger?token=TOKEN&lat=%LAT&lon=%LON&time=%TIME&spd=%SPD&alt=%ALT&acc=%ACC&dir=%DIR&batt=%BATT\` (or \`?token=TOKEN&%ALL\`). ${conflict}`,
        parameters: queryParams(GPSLOGGER_FIELDS, ["lat", "lon"]),
        security: via("TokenQuery", "ApiKey", "Bearer"),
        responses: { ...ok, ...errors(statuses) },
      },
      post: {
        operationId: "trackers-gpslogger-post",
        tags: ["trackers"],
        summary: "A fix from GPSLogger's custom URL with method POST (placeholders in the form body)",
        description: `Scope: \`tracks:write\`. The body's fields, and the URL's (the token, usually) where the body has none. ${conflict}`,
        security: via("TokenQuery", "ApiKey", "Bearer"),
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": { schema: formBody(GPSLOGGER_FIELDS, ["lat", "lon"]) },
          },
        },
        responses: { ...ok, ...errors(statuses) },
      },
    },
  };
}
