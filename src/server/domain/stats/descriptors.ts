/**
 * Every statistic of a track, declared once. The engine computes them (engine.ts statsOf: TrackStats is
 * derived from this table, so a statistic it forgets is a type error); from this table derive the database
 * columns (db/tracks.ts), the API fields and their OpenAPI descriptions (api/schemas/track.ts), the ranges an
 * app's /sync may send, and the dashboard's statistics grid (label and unit). Adding a statistic: its entry
 * here, its computation in the engine, its column in prisma/schema.prisma and the migration that adds it.
 */

/** How a value is shown: the dashboard formats each unit one way (src/lib/format.ts). */
export type StatUnit =
  | "distance"
  | "duration"
  | "speed"
  | "pace"
  | "elevation"
  | "altitude"
  | "heartRate"
  | "cadence"
  | "power"
  | "temperature";

export interface StatDescriptor {
  /** The domain's name (TrackStats, Prisma's Track). */
  key: string;
  /** The column, and the API's field of `stats` (the contract names them alike). */
  column: string;
  unit: StatUnit;
  /** The documented meaning (OpenAPI); docs/statistics.md has the definitions. */
  description: string;
  label: { en: string; fr: string };
  /** What an app may send with /sync: anything outside is refused. */
  range: readonly [number, number];
  /** How the tracks of a period add up (GET /stats): required, so a new statistic says how it totals. */
  aggregate: StatAggregate;
}

/**
 * Totals over many tracks: a sum, the highest or lowest value, a mean weighted by each track's moving time
 * (its duration when it has none), or the ratio of two sums (mean speed = Σ distance / Σ moving time, which
 * the mean of the tracks' speeds is not), over the tracks that have both.
 */
export type StatAggregate =
  | "sum"
  | "max"
  | "min"
  | "timeWeighted"
  | { ratio: readonly [numerator: string, denominator: string]; scale: number };

const DAY = 86_400;

export const STATISTICS = [
  {
    key: "distanceMeters",
    column: "distance_meters",
    unit: "distance",
    description: "Horizontal distance, GPS noise and outliers removed",
    label: { en: "Distance", fr: "Distance" },
    range: [0, 10_000_000],
    aggregate: "sum",
  },
  {
    key: "durationSec",
    column: "duration_sec",
    unit: "duration",
    description: "Last point time − first point time",
    label: { en: "Duration", fr: "Durée" },
    range: [0, 60 * DAY],
    aggregate: "sum",
  },
  {
    key: "movingTimeSec",
    column: "moving_time_sec",
    unit: "duration",
    description: "Time spent moving",
    label: { en: "Moving time", fr: "Temps en mouvement" },
    range: [0, 60 * DAY],
    aggregate: "sum",
  },
  {
    key: "pausedTimeSec",
    column: "paused_time_sec",
    unit: "duration",
    description: "Duration − moving time: stops and pauses",
    label: { en: "Paused", fr: "Arrêts" },
    range: [0, 60 * DAY],
    aggregate: "sum",
  },
  {
    key: "elevationGainM",
    column: "elevation_gain_m",
    unit: "elevation",
    description: "Smoothed climb",
    label: { en: "Climb", fr: "Dénivelé +" },
    range: [0, 1_000_000],
    aggregate: "sum",
  },
  {
    key: "elevationLossM",
    column: "elevation_loss_m",
    unit: "elevation",
    description: "Smoothed descent",
    label: { en: "Descent", fr: "Dénivelé −" },
    range: [0, 1_000_000],
    aggregate: "sum",
  },
  {
    key: "meanSpeedMps",
    column: "mean_speed_mps",
    unit: "speed",
    description: "Distance / moving time",
    label: { en: "Average speed", fr: "Vitesse moyenne" },
    range: [0, 100],
    aggregate: { ratio: ["distance_meters", "moving_time_sec"], scale: 1 },
  },
  {
    key: "paceSecPerKm",
    column: "pace_sec_per_km",
    unit: "pace",
    description: "Moving time per km",
    label: { en: "Pace", fr: "Allure" },
    range: [0, 1_000_000],
    aggregate: { ratio: ["moving_time_sec", "distance_meters"], scale: 1000 },
  },
  {
    key: "maxSpeedMps",
    column: "max_speed_mps",
    unit: "speed",
    description: "Max speed over a short window (a single spike cannot set it)",
    label: { en: "Max speed", fr: "Vitesse max" },
    range: [0, 100],
    aggregate: "max",
  },
  {
    key: "maxAltitudeM",
    column: "max_altitude_m",
    unit: "altitude",
    description: "Highest altitude",
    label: { en: "Highest point", fr: "Point haut" },
    range: [-500, 9000],
    aggregate: "max",
  },
  {
    key: "minAltitudeM",
    column: "min_altitude_m",
    unit: "altitude",
    description: "Lowest altitude",
    label: { en: "Lowest point", fr: "Point bas" },
    range: [-500, 9000],
    aggregate: "min",
  },
  {
    key: "avgHeartRateBpm",
    column: "avg_heart_rate_bpm",
    unit: "heartRate",
    description: "Average heart rate while moving (beats per minute)",
    label: { en: "Average heart rate", fr: "FC moyenne" },
    range: [20, 250],
    aggregate: "timeWeighted",
  },
  {
    key: "maxHeartRateBpm",
    column: "max_heart_rate_bpm",
    unit: "heartRate",
    description: "Highest heart rate (beats per minute)",
    label: { en: "Max heart rate", fr: "FC max" },
    range: [20, 250],
    aggregate: "max",
  },
  {
    key: "avgCadenceRpm",
    column: "avg_cadence_rpm",
    unit: "cadence",
    description: "Average cadence while moving (revolutions, or one foot's strides, per minute)",
    label: { en: "Average cadence", fr: "Cadence moyenne" },
    range: [0, 250],
    aggregate: "timeWeighted",
  },
  {
    key: "maxCadenceRpm",
    column: "max_cadence_rpm",
    unit: "cadence",
    description: "Highest cadence",
    label: { en: "Max cadence", fr: "Cadence max" },
    range: [0, 250],
    aggregate: "max",
  },
  {
    key: "avgPowerW",
    column: "avg_power_w",
    unit: "power",
    description: "Average power while moving (watts)",
    label: { en: "Average power", fr: "Puissance moyenne" },
    range: [0, 3000],
    aggregate: "timeWeighted",
  },
  {
    key: "maxPowerW",
    column: "max_power_w",
    unit: "power",
    description: "Highest power (watts)",
    label: { en: "Max power", fr: "Puissance max" },
    range: [0, 3000],
    aggregate: "max",
  },
  {
    key: "avgTemperatureC",
    column: "avg_temperature_c",
    unit: "temperature",
    description: "Average temperature the device measured (°C)",
    label: { en: "Temperature", fr: "Température" },
    range: [-50, 70],
    aggregate: "timeWeighted",
  },
] as const satisfies readonly StatDescriptor[];

export type StatKey = (typeof STATISTICS)[number]["key"];
export type StatColumn = (typeof STATISTICS)[number]["column"];
export type StatValues = { [K in StatKey]: number | null };
export type StatColumns = { [C in StatColumn]: number | null };

export const STAT_KEYS: readonly StatKey[] = STATISTICS.map((s) => s.key);

/** The values of `stats` by column (API field) name. */
export function byColumn(stats: Partial<Record<StatKey, number | null>>): StatColumns {
  return Object.fromEntries(STATISTICS.map((s) => [s.column, stats[s.key] ?? null])) as StatColumns;
}

/** The values by domain key, from an object keyed by column (a database row, an app's /sync). */
export function fromColumns(
  row: Partial<Record<StatColumn, number | null | undefined>>,
): Partial<StatValues> {
  const out: Partial<StatValues> = {};
  for (const s of STATISTICS) {
    const value = row[s.column];
    if (typeof value === "number") out[s.key] = value;
  }
  return out;
}
