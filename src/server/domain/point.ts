/**
 * One GPS fix as Runify stores it: the REST contract's point fields, in JS form (epoch ms, camelCase, null
 * where the device sent nothing). The other point shapes derive from it: the statistics read a subset
 * (StatPoint), the parsers produce its optional form (ParsedPoint), the live stream sends positions only
 * (WirePoint), the API answers its snake_case form (ZPointOut).
 */
export interface Point {
  /** Epoch milliseconds (UTC). */
  ts: number;
  lat: number;
  lon: number;
  /** Metres. */
  altitude: number | null;
  /** Horizontal accuracy, metres. */
  accuracy: number | null;
  speedMps: number | null;
  /** Degrees clockwise from true north. */
  heading: number | null;
  /** 0 … 1. */
  battery: number | null;
  origin: string | null;
  /** Distance the device counted since its start (FIT/TCX files), metres. */
  distanceM: number | null;
  /** Sensors (ranges in domain/sensors.ts). */
  heartRateBpm: number | null;
  cadenceRpm: number | null;
  powerW: number | null;
  temperatureC: number | null;
}

/** A point with only a time and a position known (a drawn course, a position-only fix). */
export function pointAt(ts: number, lat: number, lon: number, altitude: number | null = null): Point {
  return {
    ts,
    lat,
    lon,
    altitude,
    accuracy: null,
    speedMps: null,
    heading: null,
    battery: null,
    origin: null,
    distanceM: null,
    heartRateBpm: null,
    cadenceRpm: null,
    powerW: null,
    temperatureC: null,
  };
}
