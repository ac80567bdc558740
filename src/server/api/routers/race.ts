import {
  ZCourseResponse,
  ZEventRacesRequest,
  ZLeaderboardRequest,
  ZLeaderboardResponse,
  ZListRacesResponse,
  ZPassingsResponse,
  ZRaceInEventRequest,
  ZRaceResponse,
  ZResultsResponse,
  ZUploadCourseRequest,
} from "~/server/api/schemas/race";
import { trackAccessProcedure } from "~/server/api/trpc";
import { courseFor, leaderboardFor, passingsFor, resultsFor } from "~/server/services/race-views";
import { uploadCourse } from "~/server/services/race-course";
import { listRaces } from "~/server/services/races";

const tags = ["races"];
const path = "/events/{id}/races/{race_id}";

/** Races over REST (an API token of the event, or the organiser's session): reads, and the course upload. */
export const raceRouter = {
  list: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/events/{id}/races",
        tags,
        summary: "The event's races, checkpoints included",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZEventRacesRequest)
    .output(ZListRacesResponse)
    .query(async ({ ctx, input }) => ({ races: await listRaces(ctx.db, ctx.scope, input.id) })),

  leaderboard: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${path}/leaderboard`,
        tags,
        summary: "The live leaderboard: rank, status, last checkpoint, gap, pace, predicted finish",
        description:
          "With `at`, the ranking as it was then (replay), from what had been decided by that time.",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZLeaderboardRequest)
    .output(ZLeaderboardResponse)
    .query(({ ctx, input }) => leaderboardFor(ctx.db, ctx.scope, input.id, input.race_id, input.at)),

  results: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${path}/results`,
        tags,
        summary:
          "Results: frozen when the course closes (end_at), provisional until then; CSV at …/results.csv",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZRaceInEventRequest)
    .output(ZResultsResponse)
    .query(({ ctx, input }) => resultsFor(ctx.db, ctx.scope, input.id, input.race_id)),

  passings: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${path}/passings`,
        tags,
        summary: "Every checkpoint passing: interpolated time, or estimated/missing with the gap it rests on",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZRaceInEventRequest)
    .output(ZPassingsResponse)
    .query(({ ctx, input }) => passingsFor(ctx.db, ctx.scope, input.id, input.race_id)),

  course: trackAccessProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${path}/course`,
        tags,
        summary: "The course's line, km markers and checkpoints",
      },
      scope: "tracks:read",
      errors: [404],
    })
    .input(ZRaceInEventRequest)
    .output(ZCourseResponse)
    .query(({ ctx, input }) => courseFor(ctx.db, ctx.scope, input.id, input.race_id)),

  uploadCourse: trackAccessProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: `${path}/course`,
        tags,
        summary: "Set the race's course from a GPX, TCX or FIT route (its first track; times are ignored)",
        description:
          "JSON with one base64 file, or multipart/form-data with one `file` part. Every participant's progress " +
          "is then computed again from their stored points, in the background.",
      },
      scope: "tracks:write",
      body: "imports",
      multipart: true,
      errors: [404, 413],
    })
    .input(ZUploadCourseRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) =>
      uploadCourse(ctx.db, ctx.scope, {
        eventId: input.id,
        raceId: input.race_id,
        file: input.files[0] ?? { name: "", data_base64: "" },
      }),
    ),
};
