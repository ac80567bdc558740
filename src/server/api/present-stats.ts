import { isActivityType } from "~/server/domain/activity";
import type { StatsFilter } from "~/server/db/track-stats";
import { timeBound } from "./present";
import type { StatGroup } from "~/server/domain/stats/periods";
import type { StatsByPeriod } from "~/server/services/track-stats";
import type { TStatsRequest, TStatsResponse } from "./schemas/stats";

/** GET /stats between the API (snake_case, dates as sent) and the service. */

export function toStatsFilter(q: TStatsRequest): StatsFilter {
  return {
    by: q.by,
    eventId: q.event_id,
    participantId: q.participant_id,
    userId: q.user_id,
    activityType: q.activity_type,
    from: timeBound(q.from),
    to: timeBound(q.to),
  };
}

const group = (g: StatGroup) => ({ tracks_count: g.tracksCount, stats: g.stats });
const activities = (list: Array<StatGroup & { activityType: string }>) =>
  list.flatMap((a) =>
    isActivityType(a.activityType) ? [{ activity_type: a.activityType, ...group(a) }] : [],
  );

export function toStatsResponse(by: TStatsRequest["by"], s: StatsByPeriod): TStatsResponse {
  return {
    by,
    periods: s.periods.map((p) => ({
      period: p.period,
      start: p.start,
      end: p.end,
      ...group(p),
      activities: activities(p.activities),
    })),
    total: { ...group(s.total), activities: activities(s.total.activities) },
  };
}
