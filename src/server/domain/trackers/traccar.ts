import { FixError, isoTime, jsonNumber, position, required, type TrackerRequest } from "./fix";

/**
 * The JSON body of Traccar Client 9 and later (Android and iOS: traccar/traccar-client lib/preferences.dart
 * `_locationTemplate`, the background-geolocation SDK's record with `params: {device_id}`), as Traccar's server
 * decodes it (OsmAndProtocolDecoder.java, decodeJson, chosen by `Content-Type: application/json`):
 * `{"location": {"timestamp": ISO 8601, "coords": {latitude, longitude, accuracy (m), speed (**m/s**),
 * heading (°), altitude (m)}, "is_moving", "odometer", "event", "battery": {"level": **0…1**, "is_charging"},
 * "activity", "extras", "_"}, "device_id": "…"}`. The SDK writes −1 for an unknown speed, heading, accuracy or
 * battery level (the decoder skips negative values: so do we). Without `coords` there is no position:
 * nothing is stored. The SDK's batch form (`location` as an array) is read too.
 */
export function parseTraccarJson(body: unknown): TrackerRequest {
  if (!isObject(body)) throw new FixError("body", "expected a JSON object");
  const token = typeof body.device_id === "string" ? body.device_id : null;
  if (body.device_id !== undefined && token === null) throw new FixError("device_id", "expected a string");
  const records = Array.isArray(body.location) ? body.location : [body.location];
  const fixes = [];
  for (const [i, record] of records.entries()) {
    const path = Array.isArray(body.location) ? `location[${i}]` : "location";
    if (!isObject(record)) throw new FixError(path, "expected an object");
    if (typeof record.timestamp !== "string") throw new FixError(`${path}.timestamp`, "required (ISO 8601)");
    const ts = isoTime(record.timestamp, `${path}.timestamp`);
    if (record.coords === undefined) continue;
    const c = record.coords;
    if (!isObject(c)) throw new FixError(`${path}.coords`, "expected an object");
    const num = (key: string) => jsonNumber(c[key], `${path}.coords.${key}`);
    const known = (v: number | null) => (v === null || v < 0 ? null : v);
    const fix = position(
      required(num("latitude"), `${path}.coords.latitude`),
      required(num("longitude"), `${path}.coords.longitude`),
      ts,
    );
    fix.speedMps = known(num("speed"));
    fix.heading = known(num("heading"));
    fix.accuracy = known(num("accuracy"));
    fix.altitude = num("altitude");
    if (record.battery !== undefined) {
      if (!isObject(record.battery)) throw new FixError(`${path}.battery`, "expected an object");
      fix.battery = known(jsonNumber(record.battery.level, `${path}.battery.level`));
    }
    fixes.push(fix);
  }
  return fixes.length > 0 ? { token, fixes } : { token, fixes, ignored: "no coords: the device has no fix" };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
