import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectStatsByPeriod, type StatsFilter, type StatsRow } from "~/server/db/track-stats";
import { emptyGroup, fillPeriods, type PeriodTotals, type StatGroup } from "~/server/domain/stats/periods";

export interface StatsByPeriod {
  periods: PeriodTotals[];
  total: StatGroup & { activities: Array<StatGroup & { activityType: string }> };
}

const group = (r: StatsRow): StatGroup => ({ tracksCount: r.tracksCount, stats: r.stats });
const byActivity = (rows: StatsRow[]) =>
  rows.flatMap((r) => (r.activityType === null ? [] : [{ activityType: r.activityType, ...group(r) }]));

/**
 * Totals of the scope's finished tracks per period and activity: an organiser's every event (or one), an
 * event token's event, a participant's own tracks. Filters narrow within the scope, never beyond it.
 */
export async function statsByPeriod(db: Database, scope: Scope, filter: StatsFilter): Promise<StatsByPeriod> {
  const rows = await selectStatsByPeriod(db, scope, filter);
  const overall = rows.filter((r) => r.periodStart === null);
  const periods = new Map<string, StatsRow[]>();
  for (const r of rows)
    if (r.periodStart !== null) periods.set(r.periodStart, [...(periods.get(r.periodStart) ?? []), r]);
  const found = [...periods].map(([start, inPeriod]) => {
    const all = inPeriod.find((r) => r.activityType === null);
    return { start, ...(all ? group(all) : emptyGroup()), activities: byActivity(inPeriod) };
  });
  const all = overall.find((r) => r.activityType === null);
  return {
    periods: fillPeriods(filter.by, found),
    total: { ...(all && all.tracksCount > 0 ? group(all) : emptyGroup()), activities: byActivity(overall) },
  };
}
