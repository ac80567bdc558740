import { z } from "zod";
import {
  toChartResponse,
  toRecordsResponse,
  toSegmentsResponse,
  toTrackQuery,
  toTrackResponse,
} from "~/server/api/present";
import {
  ZChartRequest,
  ZChartResponse,
  ZListTracksRequest,
  ZListTracksResponse,
  ZRecordsRequest,
  ZRecordsResponse,
  ZSegmentsResponse,
  ZTrackId,
} from "~/server/api/schemas/track";
import { trackAccessProcedure } from "~/server/api/trpc";
import { trackChart, trackRecords, trackSegments } from "~/server/services/track-analysis";
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
      // What clients of SportTracks and FitTrackee send for the same filters (README, The REST API).
      queryAliases: {
        pageSize: "per_page",
        noEarlierThan: "from",
        noLaterThan: "to",
        distance_from: "distance_min",
        distance_to: "distance_max",
        duration_from: "duration_min",
        duration_to: "duration_max",
        ave_speed_from: "speed_min",
        ave_speed_to: "speed_max",
        max_speed_from: "max_speed_min",
        max_speed_to: "max_speed_max",
      },
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
        await trackChart(ctx.db, ctx.scope, input.id, {
          maxPoints: input.max_points,
          zoom: input.zoom,
          segment: input.segment,
        }),
      ),
    ),

  segments: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/tracks/{id}/segments",
        tags,
        summary: "The track's segments (the file's own, pauses, long gaps), each with its statistics",
        description:
          "FitTrackee's segments: a GPX <trkseg>, an athlete's pause or a gap of 5 minutes or more starts a new one. " +
          "The chart and the file exports take ?segment=N for one of them.",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(z.object({ id: ZTrackId }))
    .output(ZSegmentsResponse)
    .query(async ({ ctx, input }) => toSegmentsResponse(await trackSegments(ctx.db, ctx.scope, input.id))),

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
    .input(ZRecordsRequest)
    .output(ZRecordsResponse)
    .query(async ({ ctx, input }) =>
      toRecordsResponse(
        await trackRecords(ctx.db, ctx.scope, { eventId: input.event_id, activityType: input.activity_type }),
      ),
    ),
};
