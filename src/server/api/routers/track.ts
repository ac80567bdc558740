import { z } from "zod";
import {
  ZAddPointsRequest,
  ZCreateTrackRequest,
  ZCreateTrackResponse,
  ZListPointsRequest,
  ZListPointsResponse,
  ZSyncRequest,
  ZSyncResponse,
  ZTrackId,
  ZTrackResponse,
  ZUpdateTrackRequest,
} from "~/server/api/schemas/track";
import { createTRPCRouter, tokenProcedure, trackAccessProcedure } from "~/server/api/trpc";
import { toStoredPoints } from "~/server/services/points";
import { trackReadProcedures } from "./track-reads";
import {
  addPoints,
  createTrack,
  finishTrack,
  getTrack,
  listPoints,
  syncTrack,
  updateTrack,
} from "~/server/services/tracks";

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
    })
    .input(ZCreateTrackRequest)
    .output(ZCreateTrackResponse)
    .mutation(({ ctx, input }) =>
      createTrack(ctx.db, { id: ctx.token.eventId, timezone: ctx.token.timezone }, input),
    ),

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
    })
    .input(ZAddPointsRequest)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await addPoints(ctx.db, ctx.scope, input.id, toStoredPoints(input.points));
    }),

  update: trackAccessProcedure
    .meta({
      openapi: { method: "PATCH", path: "/tracks/{id}", tags, summary: "Update title, state or end time" },
      scope: "tracks:write",
    })
    .input(ZUpdateTrackRequest)
    .output(ZTrackResponse)
    .mutation(({ ctx, input }) => updateTrack(ctx.db, ctx.scope, input)),

  finish: trackAccessProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/tracks/{id}/finish",
        tags,
        summary: "Finalise and compute statistics",
      },
      scope: "tracks:write",
    })
    .input(z.object({ id: ZTrackId }))
    .output(ZTrackResponse)
    .mutation(({ ctx, input }) => finishTrack(ctx.db, ctx.scope, input.id)),

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
    })
    .input(ZSyncRequest)
    .output(ZSyncResponse)
    .mutation(({ ctx, input }) =>
      syncTrack(ctx.db, { id: ctx.token.eventId, timezone: ctx.token.timezone }, input),
    ),

  get: trackAccessProcedure
    .meta({
      openapi: { method: "GET", path: "/tracks/{id}", tags, summary: "A track with its statistics" },
      scope: "tracks:read",
    })
    .input(z.object({ id: ZTrackId }))
    .output(ZTrackResponse)
    .query(({ ctx, input }) => getTrack(ctx.db, ctx.scope, input.id)),

  points: trackAccessProcedure
    .meta({
      openapi: { method: "GET", path: "/tracks/{id}/points", tags, summary: "Points by timestamp ascending" },
      scope: "tracks:read",
    })
    .input(ZListPointsRequest)
    .output(ZListPointsResponse)
    .query(({ ctx, input }) => listPoints(ctx.db, ctx.scope, input)),
});
