import { type Scope, scopeCondition } from "~/server/access/scope";
import { STATISTICS, type StatAggregate, type StatColumn } from "~/server/domain/stats/descriptors";
import type { PeriodUnit, StatTotals } from "~/server/domain/stats/periods";
import type { Queryable } from "./client";
import type { RowSpec } from "./rows";

/** A bound of the start date: an instant, or a local calendar date of each track's event. */
export type StartBound = { at: Date } | { date: string };

export interface StatsFilter {
  by: PeriodUnit;
  eventId?: string;
  participantId?: string;
  userId?: string;
  activityType?: string;
  from?: StartBound;
  to?: StartBound;
}

const COLUMNS = new Set<string>(STATISTICS.map((d) => d.column));
const col = (name: string) => {
  // Descriptor columns are constants of the code, never input; checked so a typo in a ratio fails loudly.
  if (!COLUMNS.has(name)) throw new Error(`no statistic column ${name}`);
  return `g.${name}`;
};

/** One aggregate of a statistic over the grouped tracks, as its descriptor says. */
function aggregateSql(column: StatColumn, aggregate: StatAggregate): string {
  const c = col(column);
  if (aggregate === "sum") return `sum(${c})`;
  if (aggregate === "max") return `max(${c})`;
  if (aggregate === "min") return `min(${c})`;
  if (aggregate === "timeWeighted") {
    const w = `coalesce(${col("moving_time_sec")}, ${col("duration_sec")})`;
    return `coalesce(sum(${c} * ${w}) / nullif(sum(CASE WHEN ${c} IS NOT NULL THEN ${w} END), 0), avg(${c}))`;
  }
  const [num, den] = aggregate.ratio.map(col);
  const both = `${num} IS NOT NULL AND ${den} IS NOT NULL`;
  return `sum(CASE WHEN ${both} THEN ${num} END) * ${aggregate.scale} / nullif(sum(CASE WHEN ${both} THEN ${den} END), 0)`;
}

const GROUP_ROW = {
  period_start: "text?",
  activity_type: "text?",
  all_periods: "int",
  all_activities: "int",
  tracks_count: "int",
  ...(Object.fromEntries(STATISTICS.map((d) => [d.column, "float?"])) as { [C in StatColumn]: "float?" }),
} as const satisfies RowSpec;

export interface StatsRow {
  /** null: the row totals every period. */
  periodStart: string | null;
  /** null: the row totals every activity. */
  activityType: string | null;
  tracksCount: number;
  stats: StatTotals;
}

/**
 * The finished tracks of the scope, grouped by period and activity in one pass (GROUPING SETS: per period and
 * activity, per period, per activity, and everything). A track's period and a date bound are read in its own
 * event's timezone.
 */
export async function selectStatsByPeriod(q: Queryable, scope: Scope, f: StatsFilter): Promise<StatsRow[]> {
  const [scoped, scopeParam] = scopeCondition(scope, "t.event_id", 1);
  const params: unknown[] = [scopeParam];
  const where = [scoped, "t.stats_computed_at IS NOT NULL"];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.eventId) add((p) => `t.event_id = ${p}::uuid`, f.eventId);
  // A participant's tracks: those of their personal token, and those an event token sent with their user_id.
  if (f.participantId)
    add(
      (p) =>
        `(t.participant_id = ${p}::uuid OR (t.participant_id IS NULL AND (t.event_id, t.user_id) =
           (SELECT pp.event_id, pp.user_id FROM participants pp WHERE pp.id = ${p}::uuid)))`,
      f.participantId,
    );
  if (f.userId) add((p) => `t.user_id = ${p}`, f.userId);
  if (f.activityType) add((p) => `t.activity_type = ${p}`, f.activityType);
  const bound = (b: StartBound | undefined, op: ">=" | "<=") => {
    if (!b) return;
    if ("at" in b) add((p) => `t.start_ts ${op} ${p}::timestamptz`, b.at.toISOString());
    else add((p) => `(t.start_ts AT TIME ZONE e.timezone)::date ${op} ${p}::date`, b.date);
  };
  bound(f.from, ">=");
  bound(f.to, "<=");
  params.push(f.by);
  const unit = `$${params.length}::text`;
  const aggregates = STATISTICS.map((d) => `${aggregateSql(d.column, d.aggregate)} AS ${d.column}`);
  const rows = await q.rows(
    GROUP_ROW,
    `SELECT g.period_start, g.activity_type,
            GROUPING(g.period_start)::int AS all_periods, GROUPING(g.activity_type)::int AS all_activities,
            count(*)::int AS tracks_count, ${aggregates.join(", ")}
       FROM (SELECT t.*, to_char(date_trunc(${unit}, t.start_ts AT TIME ZONE e.timezone), 'YYYY-MM-DD') AS period_start
               FROM tracks t JOIN events e ON e.id = t.event_id
              WHERE ${where.join(" AND ")}) g
      GROUP BY GROUPING SETS ((g.period_start, g.activity_type), (g.period_start), (g.activity_type), ())
      ORDER BY g.period_start NULLS LAST, g.activity_type NULLS LAST`,
    params,
  );
  return rows.map((r) => ({
    periodStart: r.all_periods ? null : r.period_start,
    activityType: r.all_activities ? null : r.activity_type,
    tracksCount: r.tracks_count,
    stats: Object.fromEntries(STATISTICS.map((d) => [d.column, r[d.column]])) as StatTotals,
  }));
}
