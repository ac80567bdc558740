import { z } from "zod";
import { JsonText, jsonObject, orJsonText } from "~/server/api/json-text";
import { givenStats, toPoint, toTrackResponse, trackInput } from "~/server/api/present";
import {
  ZAddPointsRequest,
  ZCreateTrackRequest,
  ZCreateTrackResponse,
  ZListPointsRequest,
  ZListPointsResponse,
  ZReplaceTrackRequest,
  ZSyncRequest,
  ZSyncResponse,
  ZTrackId,
  ZTrackResponse,
  ZUpdateTrackRequest,
} from "~/server/api/schemas/track";
import { createTRPCRouter, tokenProcedure, trackAccessProcedure } from "~/server/api/trpc";
import {
  createTrack,
  finishTrack,
  getTrackWithDistanceLeft,
  listPoints,
  syncTrack,
  updateTrack,
} from "~/server/services/tracks";
import { trackReadProcedures } from "./track-reads";
import { addPoints } from "~/server/services/points";

const tags = ["tracks"];

/** The mobile contract (shared/spec/runify-rest-api.md), served as REST under /api and as tRPC. */
export const trackRouter = createTRPCRouter({
  ...trackReadProcedures,
  create: tokenProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/tracks",
        tags,
        summary: "Create a track (call when tracking starts)",
      },
      successStatus: 201,
      scope: "tracks:write",
      errors: [409],
    })
    .input(ZCreateTrackRequest)
    .output(ZCreateTrackResponse)
    .mutation(async ({ ctx, input }) => {
      const track = await createTrack(
        ctx.db,
        { id: ctx.token.eventId, timezone: ctx.token.timezone, participantId: ctx.token.participantId },
        trackInput(input),
      );
      return { id: track.id, device_track_id: track.deviceTrackId };
    }),

  addPoints: trackAccessProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/tracks/{id}/points",
        tags,
        summary: "Send a batch of 1 to 10,000 points",
        description:
          "204 once the batch is durably stored. A point re-sent with the same timestamp is stored once.",
      },
      successStatus: 204,
      scope: "tracks:write",
      body: "points",
      batchLimits: ["points"],
      errors: [404, 413],
    })
    .input(ZAddPointsRequest)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await addPoints(ctx.db, ctx.scope, input.id, input.points.map(toPoint));
    }),

  update: trackAccessProcedure
    .meta({
      openapi: { method: "PATCH", path: "/tracks/{id}", tags, summary: "Update title, state or end time" },
      scope: "tracks:write",
      errors: [404],
    })
    .input(ZUpdateTrackRequest)
    .output(ZTrackResponse)
    .mutation(async ({ ctx, input }) =>
      toTrackResponse(
        await updateTrack(ctx.db, ctx.scope, input.id, {
          title: input.title,
          state: input.state,
          endTs:
            input.end_ts === undefined ? undefined : input.end_ts === null ? null : new Date(input.end_ts),
          notes: input.notes,
        }),
      ),
    ),

  replace: trackAccessProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: "/tracks/{id}",
        tags,
        summary: "Replace a track's descriptive fields (title, activity, notes, image): SportTracks' replace",
        description:
          "Every field is replaced: an absent notes or image_url is cleared. The state and times change through " +
          "PATCH and finish. A finished track's statistics follow a new activity type (its speed limits).",
      },
      scope: "tracks:write",
      errors: [404],
    })
    .input(ZReplaceTrackRequest)
    .output(ZTrackResponse)
    .mutation(async ({ ctx, input }) =>
      toTrackResponse(
        await updateTrack(ctx.db, ctx.scope, input.id, {
          title: input.title,
          activityType: input.activity_type,
          notes: input.notes ?? null,
          imageUrl: input.image_url ?? null,
        }),
      ),
    ),

  finish: trackAccessProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/tracks/{id}/finish",
        tags,
        summary: "Finalise and compute statistics",
      },
      scope: "tracks:write",
      errors: [404],
    })
    .input(z.object({ id: ZTrackId }))
    .output(ZTrackResponse)
    .mutation(async ({ ctx, input }) => toTrackResponse(await finishTrack(ctx.db, ctx.scope, input.id))),

  sync: tokenProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/sync",
        tags,
        summary: "Track, up to 50,000 points and stats at once",
      },
      successStatus: 201,
      scope: "tracks:write",
      body: "sync",
      batchLimits: ["points"],
      errors: [409, 413],
    })
    .input(ZSyncRequest)
    .output(ZSyncResponse)
    .mutation(async ({ ctx, input }) => {
      const event = {
        id: ctx.token.eventId,
        timezone: ctx.token.timezone,
        participantId: ctx.token.participantId,
      };
      const track = await syncTrack(
        ctx.db,
        event,
        trackInput(input.track),
        input.points.map(toPoint),
        givenStats(input.stats),
      );
      return { track_id: track.id };
    }),

  get: trackAccessProcedure
    .meta({
      openapi: { method: "GET", path: "/tracks/{id}", tags, summary: "A track with its statistics" },
      scope: "tracks:read",
      errors: [404],
    })
    .input(z.object({ id: ZTrackId }))
    .output(ZTrackResponse)
    .query(async ({ ctx, input }) => {
      const { track, distanceLeftM } = await getTrackWithDistanceLeft(ctx.db, ctx.scope, input.id);
      return toTrackResponse(track, distanceLeftM);
    }),

  points: trackAccessProcedure
    .meta({
      openapi: { method: "GET", path: "/tracks/{id}/points", tags, summary: "Points by timestamp ascending" },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZListPointsRequest)
    .output(orJsonText(ZListPointsResponse))
    .query(async ({ ctx, input }) => {
      // The database writes the points' JSON; it goes into the body unparsed (json-text.ts).
      const { track, pointsJson } = await listPoints(ctx.db, ctx.scope, input.id, input);
      return jsonObject({ track_id: track.id, count: track.pointsCount, points: new JsonText(pointsJson) });
    }),
});
