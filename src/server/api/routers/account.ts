import { z } from "zod";
import {
  ZChangePasswordRequest,
  ZIssueOrganiserTokenRequest,
  ZPersonalTokensResponse,
  ZRevokePersonalTokenRequest,
  ZSignUpRequest,
  ZSignUpResponse,
} from "~/server/api/schemas/account";
import { createTRPCRouter, organiserProcedure, publicProcedure } from "~/server/api/trpc";
import { ZIssuedToken } from "~/server/api/schemas/event";
import { listPersonalTokens, revokePersonalToken } from "~/server/services/event-tokens";
import { issueOrganiserToken } from "~/server/services/tokens";
import { AppError } from "~/server/errors";
import { changePassword, signOutEverywhere } from "~/server/services/accounts";
import { signUp } from "~/server/services/organisers";
import { rateLimits } from "~/server/services/rate-limit";

/** Organiser accounts: sign-up, password, sessions (sign-in itself is next-auth's). */
export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(ZSignUpRequest)
    .output(ZSignUpResponse)
    .mutation(async ({ ctx, input }) => {
      // Hashing a password is the costly part: limited per client address like sign-in attempts.
      const limit = await rateLimits().passwordFromAddress(ctx.address);
      if (!limit.allowed)
        throw new AppError("RATE_LIMIT", "Too many attempts from this address", {
          retryAfterSec: limit.retryAfterSec,
        });
      return signUp(ctx.db, input);
    }),

  /** The organiser's personal token for the runner API (/me, /events, invitations): shown once. */
  issueToken: organiserProcedure
    .input(ZIssueOrganiserTokenRequest)
    .output(ZIssuedToken)
    .mutation(({ ctx, input }) => issueOrganiserToken(ctx.db, ctx.session.userId, input.label)),

  /** The organiser's personal tokens, by prefix (the raw values were shown once). */
  personalTokens: organiserProcedure
    .input(z.object({}))
    .output(ZPersonalTokensResponse)
    .query(async ({ ctx }) => ({ tokens: await listPersonalTokens(ctx.db, ctx.session.userId) })),

  revokePersonalToken: organiserProcedure
    .input(ZRevokePersonalTokenRequest)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokePersonalToken(ctx.db, ctx.session.userId, input.id)),

  /** Every session signed in before, this one included, is refused afterwards: the page signs in again. */
  changePassword: organiserProcedure
    .input(ZChangePasswordRequest)
    .output(z.void())
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.session.userId, input)),

  /** Refuses every session of the account signed in until now (this one too), on every instance. */
  signOutEverywhere: organiserProcedure
    .input(z.object({}))
    .output(z.void())
    .mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.session.userId)),
});
