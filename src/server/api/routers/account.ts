import { ZSignUpRequest, ZSignUpResponse } from "~/server/api/schemas/account";
import { createTRPCRouter, publicProcedure } from "~/server/api/trpc";
import { signUp } from "~/server/services/organisers";

/** Organiser accounts: sign-up with e-mail and password (sign-in itself is next-auth's). */
export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(ZSignUpRequest)
    .output(ZSignUpResponse)
    .mutation(({ ctx, input }) => signUp(ctx.db, input)),
});
