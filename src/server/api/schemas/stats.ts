import { z } from "zod";
import { ACTIVITY_TYPES } from "~/server/domain/activity";
import { STATISTICS, type StatColumn } from "~/server/domain/stats/descriptors";
import { aggregateDescription, PERIOD_UNITS } from "~/server/domain/stats/periods";
import { filterBound, text } from "./common";

/** GET /stats: one schema for the REST query and the dashboard's Statistics page. */
export const ZStatsRequest = z.object({
  by: z.enum(PERIOD_UNITS).default("month").meta({
    description: "Calendar periods: ISO weeks (from Monday), months or years of each track's event timezone",
  }),
  activity_type: z.enum(ACTIVITY_TYPES).optional().meta({ description: "Only this activity" }),
  event_id: z.uuid().optional().meta({
    description: "Only this event (an organiser's; an event or participant token sees its own only)",
  }),
  participant_id: z
    .uuid()
    .optional()
    .meta({ description: "Only this participant's tracks (a personal token sees its own only)" }),
  user_id: text(255).optional().meta({ description: "Only the tracks sent with this user_id" }),
  from: filterBound().optional().meta({
    description: "start_ts ≥ from; a date alone is that day in each track's event timezone",
  }),
  to: filterBound().optional().meta({
    description: "start_ts ≤ to; a date alone means up to the end of that day",
  }),
});
export type TStatsRequest = z.infer<typeof ZStatsRequest>;

/** One field per statistic of domain/stats/descriptors.ts, aggregated as its descriptor says. */
const ZStatTotals = z.object(
  Object.fromEntries(
    STATISTICS.map((d) => [
      d.column,
      z
        .number()
        .nullable()
        .meta({ description: aggregateDescription(d.aggregate, d.description) }),
    ]),
  ) as { [C in StatColumn]: z.ZodNullable<z.ZodNumber> },
);

const ZStatGroup = z.object({
  tracks_count: z.number().int().meta({ description: "Finished tracks in the group" }),
  stats: ZStatTotals,
});
const ZActivityGroup = ZStatGroup.extend({ activity_type: z.enum(ACTIVITY_TYPES) });

export const ZStatsResponse = z.object({
  by: z.enum(PERIOD_UNITS),
  periods: z
    .array(
      ZStatGroup.extend({
        period: z.string().meta({ description: "ISO week, month or year", example: "2024-W11" }),
        start: z.string().meta({ description: "First local date of the period", example: "2024-03-11" }),
        end: z.string().meta({ description: "Last local date of the period", example: "2024-03-17" }),
        activities: z.array(ZActivityGroup),
      }),
    )
    .meta({
      description:
        "From the first period holding a track to the last, in order; empty periods in between included",
    }),
  total: ZStatGroup.extend({ activities: z.array(ZActivityGroup) }).meta({
    description: "Every period together",
  }),
});
export type TStatsResponse = z.infer<typeof ZStatsResponse>;
