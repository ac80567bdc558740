import { decimal, isoTime, KNOTS_TO_MPS, percent, position, required, type TrackerRequest } from "./fix";

/**
 * The OsmAnd protocol as Traccar's server decodes it (traccar/traccar,
 * src/main/java/org/traccar/protocol/OsmAndProtocolDecoder.java, decodeQuery): query parameters, or the same
 * as a form body when the URL has none. It is what Traccar Client sent before version 9 (traccar-client-android
 * ProtocolFormatter.kt: id, timestamp, lat, lon, speed, bearing, altitude, accuracy, batt). Units:
 * - `id` / `deviceid`: the device (here: the token);
 * - `timestamp`: epoch seconds, or milliseconds when ≥ 2^31 − 1 (the decoder's rule), or ISO 8601 with a "T",
 *   or "yyyy-MM-dd HH:mm:ss" (UTC here; Traccar uses its own server's zone); absent: now (as Traccar);
 * - `lat`, `lon` (degrees) or `location=lat,lon`;
 * - `speed`: **knots** (the decoder stores it as knots; the client converts m/s × 1.943844, Position.kt);
 * - `bearing` / `heading`: degrees; `altitude`: metres; `accuracy`: metres (0 from Traccar Client means
 *   unknown: Position.kt sends 0 for GPS fixes); `batt`: percent;
 * - `valid=false|0`: the device says it has no fix: nothing stored, still a success (the app moves on).
 * Other parameters (hdop, mock, alarm, charge, cell, wifi, driverUniqueId…) are accepted and not stored.
 */
export function parseOsmand(params: URLSearchParams, now: number): TrackerRequest {
  // Traccar loops over every value: the last one of a repeated parameter wins.
  const last = (name: string) => {
    const all = params.getAll(name);
    return all.length > 0 ? (all[all.length - 1] ?? null) : null;
  };
  const token = last("id") ?? last("deviceid");
  const valid = last("valid");
  if (valid !== null && !(valid.toLowerCase() === "true" || valid === "1"))
    return { token, fixes: [], ignored: "valid=false: the device has no fix" };

  let lat = decimal(last("lat"), "lat");
  let lon = decimal(last("lon"), "lon");
  const location = last("location");
  if (location !== null && (lat === null || lon === null)) {
    const [a, b] = location.split(",");
    lat = decimal(a, "location");
    lon = decimal(b, "location");
  }
  const fix = position(required(lat, "lat"), required(lon, "lon"), timeOf(last("timestamp"), now));
  const speed = decimal(last("speed"), "speed");
  const accuracy = decimal(last("accuracy"), "accuracy");
  fix.speedMps = speed === null ? null : speed * KNOTS_TO_MPS;
  fix.heading = decimal(last("bearing") ?? last("heading"), last("bearing") !== null ? "bearing" : "heading");
  fix.altitude = decimal(last("altitude"), "altitude");
  fix.accuracy = accuracy === 0 ? null : accuracy;
  fix.battery = percent(decimal(last("batt"), "batt"));
  return { token, fixes: [fix] };
}

const INT_MAX = 2 ** 31 - 1;

function timeOf(raw: string | null, now: number): number {
  if (raw === null || raw.trim() === "") return now;
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n < INT_MAX ? n * 1000 : n;
  }
  return isoTime(text, "timestamp");
}
