import { STATISTICS, type StatAggregate, type StatColumn } from "./descriptors";

/**
 * Statistics by period (GET /stats): calendar weeks (ISO, from Monday), months and years of the local dates
 * at which tracks started, each track in its own event's timezone. The database sums (db/track-stats.ts);
 * this module names the periods and fills the gaps between them, so a chart shows an empty week as empty.
 */

export const PERIOD_UNITS = ["week", "month", "year"] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/** The statistics of a group of tracks, by column (the API's field names), aggregated as descriptors say. */
export type StatTotals = { [C in StatColumn]: number | null };

export interface StatGroup {
  tracksCount: number;
  stats: StatTotals;
}

export interface PeriodTotals extends StatGroup {
  /** "2024-W11", "2024-03", "2024". */
  period: string;
  /** First and last local dates of the period (YYYY-MM-DD). */
  start: string;
  end: string;
  activities: Array<StatGroup & { activityType: string }>;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The first day of the period after the one starting at `start`. */
function nextStart(unit: PeriodUnit, start: string): string {
  const d = new Date(utc(start));
  if (unit === "week") return iso(d.getTime() + 7 * DAY_MS);
  if (unit === "month") return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return iso(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
}

/** The ISO 8601 week of a Monday: its Thursday's year, and the week number counted in that year. */
function isoWeek(monday: string): string {
  const thursday = new Date(utc(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The period's name and last day, from its first day (what SQL's date_trunc gives). */
export function describePeriod(unit: PeriodUnit, start: string): { period: string; end: string } {
  const end = iso(utc(nextStart(unit, start)) - DAY_MS);
  if (unit === "week") return { period: isoWeek(start), end };
  return { period: unit === "month" ? start.slice(0, 7) : start.slice(0, 4), end };
}

/** A group without tracks: sums are 0 (nothing was run), the other statistics have no value. */
export function emptyGroup(): StatGroup {
  const stats = Object.fromEntries(
    STATISTICS.map((d) => [d.column, d.aggregate === "sum" ? 0 : null]),
  ) as StatTotals;
  return { tracksCount: 0, stats };
}

/**
 * Every period from the first to the last that holds tracks, in order: the ones the database found, and
 * empty ones between them. Past `maxPeriods` in all (weeks over decades) only the periods with tracks come
 * back: the gaps would make a huge answer of zeros.
 */
export function fillPeriods(
  unit: PeriodUnit,
  found: ReadonlyArray<Omit<PeriodTotals, "period" | "end">>,
  maxPeriods = 1000,
): PeriodTotals[] {
  const byStart = new Map(found.map((p) => [p.start, p]));
  const starts = [...byStart.keys()].sort();
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (first === undefined || last === undefined) return [];
  const all: string[] = [];
  for (let start = first; start <= last && all.length <= maxPeriods; start = nextStart(unit, start))
    all.push(start);
  return (all.length > maxPeriods ? starts : all).map((start) => ({
    ...(byStart.get(start) ?? { start, activities: [], ...emptyGroup() }),
    ...describePeriod(unit, start),
  }));
}

/** What a period's value of a statistic means (the OpenAPI document's description of each field). */
export function aggregateDescription(aggregate: StatAggregate, description: string): string {
  if (aggregate === "sum") return `Sum over the tracks: ${description}`;
  if (aggregate === "max") return `Highest of the tracks: ${description}`;
  if (aggregate === "min") return `Lowest of the tracks: ${description}`;
  if (aggregate === "timeWeighted") return `Mean of the tracks weighted by moving time: ${description}`;
  const [num, den] = aggregate.ratio;
  return `Σ ${num}${aggregate.scale === 1 ? "" : ` × ${aggregate.scale}`} / Σ ${den}, over the tracks having both: ${description}`;
}
