/** The sensor channels a point may carry, named as in ParsedSample, StatPoint and the API. */
export type SensorField = "heartRateBpm" | "cadenceRpm" | "powerW" | "temperatureC";

/**
 * What a sensor can physically read; anything outside is a glitch or a "no value" code. One home for
 * the parsers, the statistics and the API. Heart rate: 20-250 bpm, athletes at rest to the highest
 * recorded maxima; cadence: a track sprinter's 250 rpm; power: a sprinter's 3 kW peak.
 */
export const SENSOR_RANGES: Readonly<Record<SensorField, readonly [number, number]>> = {
  heartRateBpm: [20, 250],
  cadenceRpm: [0, 250],
  powerW: [0, 3000],
  temperatureC: [-50, 70],
};

export const SENSOR_FIELDS = Object.keys(SENSOR_RANGES) as SensorField[];

/**
 * Is `value` a reading of that sensor? A heart rate of exactly 0 is how devices write "no strap": not a
 * reading either (callers treat it as absent, not as a glitch).
 */
export function isPlausibleSensorValue(field: SensorField, value: number): boolean {
  const [lo, hi] = SENSOR_RANGES[field];
  return Number.isFinite(value) && value >= lo && value <= hi;
}
