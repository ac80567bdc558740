import { toStatsFilter, toStatsResponse } from "~/server/api/present-stats";
import { ZStatsRequest, ZStatsResponse } from "~/server/api/schemas/stats";
import { createTRPCRouter, ownerOrTrackAccessProcedure } from "~/server/api/trpc";
import { statsByPeriod } from "~/server/services/track-stats";

/** Statistics by period (FitTrackee's stats, Runalyze's current statistics): REST and the dashboard alike. */
export const statsRouter = createTRPCRouter({
  byPeriod: ownerOrTrackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/stats",
        tags: ["stats"],
        summary: "Totals and counts of finished tracks per week, month or year, and per activity",
        description:
          "An organiser (personal token or dashboard) gets all their events; an event token its event; a " +
          "participant's personal token only that participant's tracks. Each track counts in the period of " +
          "its local start date in its event's timezone. Every statistic of a track has its total here, " +
          "aggregated as its description says.",
      },
      scope: "tracks:read",
    })
    .input(ZStatsRequest)
    .output(ZStatsResponse)
    .query(async ({ ctx, input }) =>
      toStatsResponse(input.by, await statsByPeriod(ctx.db, ctx.scope, toStatsFilter(input))),
    ),
});
