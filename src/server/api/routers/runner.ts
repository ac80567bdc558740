import { z } from "zod";
import {
  ZInvitationCodeRequest,
  ZInvitationResponse,
  ZInviteRequest,
  ZJoinRequest,
  ZJoinResponse,
  ZListInvitationsResponse,
  ZMeResponse,
  ZRunnerCreateEventRequest,
  ZRunnerCreateEventResponse,
  ZRunnerEvent,
  ZRunnerEventRequest,
  ZRunnerEventsResponse,
} from "~/server/api/schemas/runner";
import { anyTokenProcedure, createTRPCRouter, publicProcedure, type Context } from "~/server/api/trpc";
import { AppError } from "~/server/errors";
import { rateLimits } from "~/server/services/rate-limit";
import {
  acceptInvitation,
  createRunnerEvent,
  getRunnerEvent,
  inviteParticipant,
  join,
  listInvitations,
  listRunnerEvents,
  logout,
  me,
} from "~/server/services/runner";

const tags = ["runner"];

/** Joining needs no token: limited per client address (each join issues a token). */
async function joinLimit(ctx: Context) {
  const limit = await rateLimits().joinFromAddress(ctx.address);
  if (!limit.allowed)
    throw new AppError("RATE_LIMIT", `Too many joins from this address: retry in ${limit.retryAfterSec} s`, {
      retryAfterSec: limit.retryAfterSec,
    });
}

/** The runner's API: Runnity's concepts (me, events by time, joining, logout) in our conventions. */
export const runnerRouter = createTRPCRouter({
  me: anyTokenProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me",
        tags,
        summary: "Who this token is: organiser or participant, level",
      },
    })
    .input(z.object({}))
    .output(ZMeResponse)
    .query(({ ctx }) => me(ctx.db, ctx.token)),

  events: anyTokenProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/events",
        tags,
        summary: "The token's events, grouped as upcoming, current and past in each event's timezone",
      },
    })
    .input(z.object({}))
    .output(ZRunnerEventsResponse)
    .query(({ ctx }) => listRunnerEvents(ctx.db, ctx.token)),

  event: anyTokenProcedure
    .meta({
      openapi: { method: "GET", path: "/events/{id}", tags, summary: "One of the token's events" },
      errors: [404],
    })
    .input(ZRunnerEventRequest)
    .output(ZRunnerEvent)
    .query(({ ctx, input }) => getRunnerEvent(ctx.db, ctx.token, input.id)),

  createEvent: anyTokenProcedure
    .meta({
      openapi: { method: "POST", path: "/events", tags, summary: "Create an event (organiser tokens)" },
      successStatus: 201,
      errors: [409],
    })
    .input(ZRunnerCreateEventRequest)
    .output(ZRunnerCreateEventResponse)
    .mutation(({ ctx, input }) => createRunnerEvent(ctx.db, ctx.token, input)),

  invite: anyTokenProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/events/{id}/participants",
        tags,
        summary: "Invite a participant (organiser tokens): the answer carries the invitation link",
      },
      successStatus: 201,
      errors: [404, 409],
    })
    .input(ZInviteRequest)
    .output(ZInvitationResponse)
    .mutation(({ ctx, input }) => {
      const { id, ...fields } = input;
      return inviteParticipant(ctx.db, ctx.token, id, fields);
    }),

  participants: anyTokenProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/events/{id}/participants",
        tags,
        summary: "Participants with their status, who joined and when (organiser tokens)",
      },
      errors: [404],
    })
    .input(ZRunnerEventRequest)
    .output(ZListInvitationsResponse)
    .query(async ({ ctx, input }) => ({ participants: await listInvitations(ctx.db, ctx.token, input.id) })),

  join: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/events/{id}/join",
        tags,
        summary:
          "Register for a public event while its registration is open; answers a personal token (once)",
        description:
          "No token needed. 403 FORBIDDEN for a private event or a closed registration, 409 CONFLICT when full or the bib is taken.",
      },
      public: true,
      successStatus: 201,
      errors: [404, 409],
    })
    .input(ZJoinRequest)
    .output(ZJoinResponse)
    .mutation(async ({ ctx, input }) => {
      await joinLimit(ctx);
      return join(ctx.db, input.id, input);
    }),

  acceptInvitation: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/invitations/{code}/join",
        tags,
        summary: "Join through an invitation link; answers a personal token (once)",
        description:
          "No token needed: the code is the invitation. Each call issues another token (another phone).",
      },
      public: true,
      successStatus: 201,
      errors: [404],
    })
    .input(ZInvitationCodeRequest)
    .output(ZJoinResponse)
    .mutation(async ({ ctx, input }) => {
      await joinLimit(ctx);
      return acceptInvitation(ctx.db, input.code);
    }),

  logout: anyTokenProcedure
    .meta({
      openapi: { method: "POST", path: "/logout", tags, summary: "Revoke the calling token" },
      successStatus: 204,
    })
    .input(z.object({}))
    .output(z.void())
    .mutation(async ({ ctx }) => {
      await logout(ctx.db, ctx.token);
    }),
});
