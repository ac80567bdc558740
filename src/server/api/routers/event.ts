import {
  ZCreateEventRequest,
  ZCreateEventResponse,
  ZEventIdRequest,
  ZEventIdResponse,
  ZEventResponse,
  ZListEventsResponse,
  ZUpdateEventRequest,
} from "~/server/api/schemas/event";
import { createTRPCRouter, organiserProcedure } from "~/server/api/trpc";
import { z } from "zod";
import { createOwnedEvent, deleteEvent, getEvent, listEvents, updateEvent } from "~/server/services/events";

/** The organiser's events (dashboard). */
export const eventRouter = createTRPCRouter({
  list: organiserProcedure
    .input(z.object({}).default({}))
    .output(ZListEventsResponse)
    .query(({ ctx }) => listEvents(ctx.db, ctx.session.userId)),

  get: organiserProcedure
    .input(ZEventIdRequest)
    .output(ZEventResponse)
    .query(({ ctx, input }) => getEvent(ctx.db, ctx.session.userId, input.id)),

  create: organiserProcedure
    .input(ZCreateEventRequest)
    .output(ZCreateEventResponse)
    .mutation(({ ctx, input }) => createOwnedEvent(ctx.db, ctx.session.userId, input)),

  update: organiserProcedure
    .input(ZUpdateEventRequest)
    .output(ZEventResponse)
    .mutation(({ ctx, input }) => updateEvent(ctx.db, ctx.session.userId, input)),

  delete: organiserProcedure
    .input(ZEventIdRequest)
    .output(ZEventIdResponse)
    .mutation(({ ctx, input }) => deleteEvent(ctx.db, ctx.session.userId, input.id)),
});
