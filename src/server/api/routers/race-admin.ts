import { z } from "zod";
import {
  ZAddCheckpointRequest,
  ZCheckpointIdRequest,
  ZCreateRaceRequest,
  ZEntriesResponse,
  ZEntryRequest,
  ZLeaveRequest,
  ZRaceIdRequest,
  ZRaceResponse,
  ZTrackCourseRequest,
  ZTrackCourseResponse,
  ZUpdateCheckpointRequest,
  ZUpdateRaceRequest,
} from "~/server/api/schemas/race";
import { createTRPCRouter, organiserProcedure } from "~/server/api/trpc";
import { addCheckpoint, deleteCheckpoint, updateCheckpoint } from "~/server/services/race-checkpoints";
import { enterParticipant, leaveRace } from "~/server/services/race-entries";
import { createRace, deleteRace, getRace, updateRace } from "~/server/services/races";
import { courseOfTrack, raceEntries } from "~/server/services/race-views";
import { raceRouter } from "./race";

const ZEntryResponse = z.object({ race_id: z.uuid(), participant_id: z.uuid() });

/** Races: REST reads and the course upload (race.ts), and the organiser's editing (dashboard). */
export const raceAdminRouter = createTRPCRouter({
  ...raceRouter,
  get: organiserProcedure
    .input(ZRaceIdRequest)
    .output(ZRaceResponse)
    .query(({ ctx, input }) => getRace(ctx.db, ctx.scope, input.race_id)),
  create: organiserProcedure
    .input(ZCreateRaceRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) => createRace(ctx.db, ctx.session.userId, input)),
  update: organiserProcedure
    .input(ZUpdateRaceRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) => updateRace(ctx.db, ctx.session.userId, input)),
  delete: organiserProcedure
    .input(ZRaceIdRequest)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteRace(ctx.db, ctx.session.userId, input.race_id)),
  addCheckpoint: organiserProcedure
    .input(ZAddCheckpointRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) => addCheckpoint(ctx.db, ctx.session.userId, input.race_id, input.checkpoint)),
  updateCheckpoint: organiserProcedure
    .input(ZUpdateCheckpointRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) => updateCheckpoint(ctx.db, ctx.session.userId, input.id, input.checkpoint)),
  deleteCheckpoint: organiserProcedure
    .input(ZCheckpointIdRequest)
    .output(ZRaceResponse)
    .mutation(({ ctx, input }) => deleteCheckpoint(ctx.db, ctx.session.userId, input.id)),
  enter: organiserProcedure
    .input(ZEntryRequest)
    .output(ZEntryResponse)
    .mutation(({ ctx, input }) => enterParticipant(ctx.db, ctx.session.userId, input)),
  entries: organiserProcedure
    .input(ZRaceIdRequest)
    .output(ZEntriesResponse)
    .query(({ ctx, input }) => raceEntries(ctx.db, ctx.session.userId, input.race_id)),
  courseOfTrack: organiserProcedure
    .input(ZTrackCourseRequest)
    .output(ZTrackCourseResponse)
    .query(({ ctx, input }) => courseOfTrack(ctx.db, ctx.scope, input.track_id)),
  leave: organiserProcedure
    .input(ZLeaveRequest)
    .output(z.object({ participant_id: z.uuid() }))
    .mutation(({ ctx, input }) => leaveRace(ctx.db, ctx.session.userId, input.participant_id)),
});
