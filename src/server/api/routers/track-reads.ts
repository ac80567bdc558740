import { z } from "zod";
import { toChartResponse, toRecordsResponse, toTrackQuery, toTrackResponse } from "~/server/api/present";
import {
  ZChartRequest,
  ZChartResponse,
  ZListTracksRequest,
  ZListTracksResponse,
  ZRecordsResponse,
  ZTrackId,
} from "~/server/api/schemas/track";
import { trackAccessProcedure } from "~/server/api/trpc";
import { trackChart, trackRecords } from "~/server/services/track-analysis";
import { listTracks } from "~/server/services/track-list";
import { deleteTrack } from "~/server/services/tracks";

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
    .query(async ({ ctx, input }) => {
      const { tracks, total } = await listTracks(ctx.db, ctx.scope, toTrackQuery(input));
      return { tracks: tracks.map(toTrackResponse), total, page: input.page, per_page: input.per_page };
    }),

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
      errors: [404],
    })
    .input(ZChartRequest)
    .output(ZChartResponse)
    .query(async ({ ctx, input }) =>
      toChartResponse(
        await trackChart(ctx.db, ctx.scope, input.id, { maxPoints: input.max_points, zoom: input.zoom }),
      ),
    ),

  delete: trackAccessProcedure
    .meta({
      openapi: { method: "DELETE", path: "/tracks/{id}", tags, summary: "Delete a track and its points" },
      scope: "tracks:delete",
      errors: [404],
    })
    .input(z.object({ id: ZTrackId }))
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await deleteTrack(ctx.db, ctx.scope, input.id);
      return { id: input.id };
    }),

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
    .query(async ({ ctx }) => toRecordsResponse(await trackRecords(ctx.db, ctx.scope))),
};
