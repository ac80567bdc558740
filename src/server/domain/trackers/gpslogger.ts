import {
  decimal,
  FixError,
  isoTime,
  KMH_TO_MPS,
  percent,
  position,
  required,
  type TrackerRequest,
} from "./fix";

/**
 * GPSLogger for Android's custom URL (mendhak/gpslogger, senders/customurl/CustomUrlManager.java
 * `getFormattedTextblock`; its test CustomUrlManagerTest.java shows the substituted URLs). The app replaces
 * placeholders in the URL (and body) the user pastes; the parameter names below are the ones `%ALL` expands
 * to, so a URL ending in `?token=…&%ALL` works as well as the documented template
 * (`lat=%LAT&lon=%LON&time=%TIME&spd=%SPD&alt=%ALT&acc=%ACC&dir=%DIR&batt=%BATT`). Units:
 * `%LAT`/`%LON` degrees; `%TIME` ISO 8601 UTC with milliseconds (`2016-03-05T19:24:29.949Z`), `%TIMESTAMP`
 * epoch **seconds**, `%TIMEOFFSET` ISO with the phone's offset; `%SPD` **m/s**, `%SPD_KPH` km/h; `%ALT`
 * metres; `%ACC` metres (0.0 when unknown); `%DIR` degrees; `%BATT` **percent** (Systems.getBatteryInfo:
 * level/scale × 100, e.g. "91.0"). Read from the query (GET, the app's default) or a form body (POST).
 */
export function parseGpsLogger(params: URLSearchParams): TrackerRequest {
  const get = (name: string) => params.get(name);
  const token = get("token");
  const lat = required(decimal(get("lat"), "lat"), "lat");
  const lon = required(decimal(get("lon"), "lon"), "lon");
  const fix = position(lat, lon, timeOf(params));
  const spd = decimal(get("spd"), "spd");
  const kph = decimal(get("spd_kph"), "spd_kph");
  fix.speedMps = spd ?? (kph === null ? null : kph * KMH_TO_MPS);
  fix.altitude = decimal(get("alt"), "alt");
  const acc = decimal(get("acc"), "acc");
  fix.accuracy = acc === 0 ? null : acc;
  fix.heading = decimal(get("dir"), "dir");
  fix.battery = percent(decimal(get("batt"), "batt"));
  return { token, fixes: [fix] };
}

function timeOf(params: URLSearchParams): number {
  const time = params.get("time") ?? params.get("timeoffset");
  if (time) return isoTime(time, params.get("time") ? "time" : "timeoffset");
  const seconds = decimal(params.get("timestamp"), "timestamp");
  if (seconds === null) throw new FixError("time", "required: put time=%TIME in the URL");
  if (!Number.isInteger(seconds)) throw new FixError("timestamp", "expected whole epoch seconds");
  return seconds * 1000;
}
