import {
  ZCreateTokenRequest,
  ZCreateTokenResponse,
  ZListTokensRequest,
  ZListTokensResponse,
  ZRevokeTokenRequest,
  ZRevokeTokenResponse,
} from "~/server/api/schemas/token";
import { createTRPCRouter, organiserProcedure } from "~/server/api/trpc";
import { issueEventToken, listEventTokens, revokeEventToken } from "~/server/services/event-tokens";

/** API tokens of the organiser's events: listed by prefix, issued (raw value shown once), revoked. */
export const tokenRouter = createTRPCRouter({
  list: organiserProcedure
    .input(ZListTokensRequest)
    .output(ZListTokensResponse)
    .query(async ({ ctx, input }) => ({
      tokens: await listEventTokens(ctx.db, ctx.session.userId, input.event_id),
    })),

  create: organiserProcedure
    .input(ZCreateTokenRequest)
    .output(ZCreateTokenResponse)
    .mutation(({ ctx, input }) => issueEventToken(ctx.db, ctx.session.userId, input)),

  revoke: organiserProcedure
    .input(ZRevokeTokenRequest)
    .output(ZRevokeTokenResponse)
    .mutation(({ ctx, input }) => revokeEventToken(ctx.db, ctx.session.userId, input)),
});
