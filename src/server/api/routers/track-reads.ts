import { z } from "zod";
import {
  ZChartRequest,
  ZChartResponse,
  ZListTracksRequest,
  ZListTracksResponse,
  ZRecordsResponse,
  ZTrackId,
} from "~/server/api/schemas/track";
import { trackAccessProcedure } from "~/server/api/trpc";
import { deleteTrack, trackChart, trackRecords } from "~/server/services/track-analysis";
import { listTracks } from "~/server/services/track-list";

const tags = ["tracks"];

/** Beyond the mobile contract: listing, chart data, records and deletion (REST and dashboard alike). */
export const trackReadProcedures = {
  list: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/tracks",
        tags,
        summary: "List the event's tracks: paged, filtered, ordered",
      },
      scope: "tracks:read",
    })
    .input(ZListTracksRequest)
    .output(ZListTracksResponse)
    .query(({ ctx, input }) => listTracks(ctx.db, ctx.scope, input)),

  chart: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/tracks/{id}/chart",
        tags,
        summary:
          "Chart data: per-point distance, time, smoothed elevation, speed; simplified map path; splits",
      },
      scope: "tracks:read",
    })
    .input(ZChartRequest)
    .output(ZChartResponse)
    .query(({ ctx, input }) => trackChart(ctx.db, ctx.scope, input)),

  delete: trackAccessProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tracks/{id}", tags, summary: "Delete a track and its points" },
      scope: "tracks:delete",
    })
    .input(z.object({ id: ZTrackId }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteTrack(ctx.db, ctx.scope, input.id)),

  records: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/records",
        tags,
        summary:
          "Records per activity (fastest pace, longest distance and duration, highest climb, max speed)",
      },
      scope: "tracks:read",
    })
    .input(z.object({}))
    .output(ZRecordsResponse)
    .query(({ ctx }) => trackRecords(ctx.db, ctx.scope)),
};
