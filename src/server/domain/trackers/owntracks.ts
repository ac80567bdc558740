import { FixError, jsonNumber, KMH_TO_MPS, percent, position, required, type TrackerRequest } from "./fix";

/**
 * OwnTracks in HTTP mode (owntracks.org/booklet/tech/http, tech/json): every message the app would publish
 * over MQTT is POSTed as JSON. Only `_type: "location"` carries a fix; the others (lwt, transition, waypoint,
 * status, card…) and empty bodies (a friend deleted) are acknowledged and ignored, as Traccar's
 * OwnTracksProtocolDecoder.java does. Units (owntracks/android MessageLocation.kt `fromLocation`, Traccar's
 * decoder): `tst` **epoch seconds**; `lat`, `lon` degrees; `alt` metres; `acc` metres; `vel` **km/h**
 * (the app rounds m/s × 3.6; 0 when it has no speed); `cog` degrees; `batt` **percent**. `tid`, `topic`,
 * `conn`, `m`, `t`, `created_at`… are not stored. Encrypted payloads cannot be read: a FixError (the app keeps
 * its queue until encryption is turned off).
 */
export function parseOwnTracks(body: unknown): TrackerRequest {
  if (body === undefined || (isObject(body) && Object.keys(body).length === 0))
    return { token: null, fixes: [], ignored: "empty payload" };
  if (!isObject(body)) throw new FixError("body", "expected a JSON object");
  const type = body._type;
  if (type === "encrypted")
    throw new FixError("_type", "encrypted payloads are not supported: turn encryption off in the app");
  if (type !== "location")
    return { token: null, fixes: [], ignored: `_type ${JSON.stringify(type)} carries no fix` };
  const num = (key: string) => jsonNumber(body[key], key);
  const tst = required(num("tst"), "tst");
  if (!Number.isInteger(tst)) throw new FixError("tst", "expected whole epoch seconds");
  const fix = position(required(num("lat"), "lat"), required(num("lon"), "lon"), tst * 1000);
  const vel = num("vel");
  fix.speedMps = vel === null ? null : vel * KMH_TO_MPS;
  fix.heading = num("cog");
  fix.altitude = num("alt");
  fix.accuracy = num("acc");
  fix.battery = percent(num("batt"));
  return { token: null, fixes: [fix] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
