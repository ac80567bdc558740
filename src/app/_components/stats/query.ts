import { type TStatsRequest, ZStatsRequest } from "~/server/api/schemas/stats";
import { STATISTICS } from "~/server/domain/stats/descriptors";

/** The Statistics page's URL state: the API's query (one schema) plus the chart's metric. */

/** The table's columns: the statistics that total over a period (sums and ratios of sums), from the table. */
export const TOTAL_COLUMNS = STATISTICS.filter(
  (d) => d.aggregate !== "max" && d.aggregate !== "min" && d.aggregate !== "timeWeighted",
);
/** What the bar chart can show: the number of tracks or a sum. */
export const CHART_METRICS = [
  "tracks",
  ...STATISTICS.filter((d) => d.aggregate === "sum").map((d) => d.column),
] as const;
export type ChartMetric = string;

export interface StatsPageQuery {
  request: TStatsRequest;
  metric: ChartMetric;
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v !== "" ? v : undefined);

/** Reads the URL; a field that does not pass the API's schema is dropped, so a hand-edited URL still shows a page. */
export function parseStatsQuery(params: Params, fixed: { eventId?: string } = {}): StatsPageQuery {
  const raw: Record<string, string | undefined> = {
    by: one(params.by),
    activity_type: one(params.activity),
    participant_id: one(params.participant),
    event_id: fixed.eventId ?? one(params.event),
    from: one(params.from),
    to: one(params.to),
  };
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (ZStatsRequest.safeParse({ [key]: value }).success) clean[key] = value;
  }
  const request = ZStatsRequest.parse(clean);
  const metric = one(params.metric);
  return {
    request,
    metric: metric && (CHART_METRICS as readonly string[]).includes(metric) ? metric : "distance_meters",
  };
}
