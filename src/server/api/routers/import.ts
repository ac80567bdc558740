import { toTrackResponse } from "~/server/api/present";
import { ZImportRequest, ZImportResponse } from "~/server/api/schemas/import";
import { createTRPCRouter, trackAccessProcedure } from "~/server/api/trpc";
import { importFiles, importTarget } from "~/server/services/imports";

export const importRouter = createTRPCRouter({
  create: trackAccessProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/imports",
        tags: ["imports"],
        summary: "Import GPX 1.0/1.1, TCX, FIT files or zip archives of them as tracks of the event",
        description:
          "JSON with base64 files, or multipart/form-data with one or more `file` parts. All files are parsed " +
          "before anything is stored: one broken file and nothing is imported (400 lists each file's problem).",
      },
      successStatus: 201,
      scope: "tracks:write",
      body: "imports",
      multipart: true,
      errors: [404, 409, 413],
    })
    .input(ZImportRequest)
    .output(ZImportResponse)
    .mutation(async ({ ctx, input }) => {
      const event = await importTarget(ctx.db, ctx.scope, input.event_id);
      const imported = await importFiles(ctx.db, event, {
        files: input.files,
        activityType: input.activity_type,
        userId: input.user_id,
        title: input.title,
        keepDuplicates: input.keep_duplicates,
        titleLocale: input.locale,
      });
      return {
        tracks: imported.map(({ file, track, repairs }) => ({
          id: track.id,
          uri: `/api/tracks/${track.id}`,
          file,
          title: track.title,
          activity_type: track.activityType,
          points_count: track.pointsCount,
          distance_meters: toTrackResponse(track).stats.distance_meters,
          repairs,
        })),
      };
    }),
});
