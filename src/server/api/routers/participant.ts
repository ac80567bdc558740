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
  approveParticipant,
  createParticipant,
  deleteParticipant,
  listParticipants,
  renewInvitation,
  revokeParticipant,
  setRegistration,
  updateParticipant,
} from "~/server/services/participants";
import { ZRegistrationSettingsRequest } from "~/server/api/schemas/participant";
import { ZRegistration } from "~/server/api/schemas/runner";

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

  approve: organiserProcedure
    .input(ZParticipantIdRequest)
    .output(ZParticipantResponse)
    .mutation(({ ctx, input }) => approveParticipant(ctx.db, ctx.session.userId, input.id)),

  revoke: organiserProcedure
    .input(ZParticipantIdRequest)
    .output(ZParticipantResponse)
    .mutation(({ ctx, input }) => revokeParticipant(ctx.db, ctx.session.userId, input.id)),

  renewInvitation: organiserProcedure
    .input(ZParticipantIdRequest)
    .output(ZParticipantResponse)
    .mutation(({ ctx, input }) => renewInvitation(ctx.db, ctx.session.userId, input.id)),

  setRegistration: organiserProcedure
    .input(ZRegistrationSettingsRequest)
    .output(ZRegistration)
    .mutation(({ ctx, input }) => setRegistration(ctx.db, ctx.session.userId, input)),

  delete: organiserProcedure
    .input(ZParticipantIdRequest)
    .output(ZParticipantIdResponse)
    .mutation(({ ctx, input }) => deleteParticipant(ctx.db, ctx.session.userId, input.id)),
});
