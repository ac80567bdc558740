import {
  ZCreateParticipantRequest,
  ZListParticipantsRequest,
  ZListParticipantsResponse,
  ZParticipantIdRequest,
  ZParticipantIdResponse,
  ZParticipantResponse,
  ZUpdateParticipantRequest,
} from "~/server/api/schemas/participant";
import { createTRPCRouter, organiserProcedure } from "~/server/api/trpc";
import {
  createParticipant,
  deleteParticipant,
  listParticipants,
  updateParticipant,
} from "~/server/services/participants";

/** Participants of the organiser's events: name, bib and the user_id their app sends with its tracks. */
export const participantRouter = createTRPCRouter({
  list: organiserProcedure
    .input(ZListParticipantsRequest)
    .output(ZListParticipantsResponse)
    .query(async ({ ctx, input }) => ({
      participants: await listParticipants(ctx.db, ctx.session.userId, input.event_id),
    })),

  create: organiserProcedure
    .input(ZCreateParticipantRequest)
    .output(ZParticipantResponse)
    .mutation(({ ctx, input }) => createParticipant(ctx.db, ctx.session.userId, input)),

  update: organiserProcedure
    .input(ZUpdateParticipantRequest)
    .output(ZParticipantResponse)
    .mutation(({ ctx, input }) => updateParticipant(ctx.db, ctx.session.userId, input)),

  delete: organiserProcedure
    .input(ZParticipantIdRequest)
    .output(ZParticipantIdResponse)
    .mutation(({ ctx, input }) => deleteParticipant(ctx.db, ctx.session.userId, input.id)),
});
