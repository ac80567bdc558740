import { z } from "zod";
import { ZOrganisersResponse, ZSetAdminRequest, ZSetDisabledRequest } from "~/server/api/schemas/account";
import { adminProcedure, createTRPCRouter } from "~/server/api/trpc";
import { changeOrganiser, listOrganisers } from "~/server/services/accounts";

/** The instance administrators' page: every organiser, suspend or enable, promote or demote. */
export const adminRouter = createTRPCRouter({
  organisers: adminProcedure
    .input(z.object({}))
    .output(ZOrganisersResponse)
    .query(async ({ ctx }) => ({ organisers: await listOrganisers(ctx.db) })),

  setDisabled: adminProcedure
    .input(ZSetDisabledRequest)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      changeOrganiser(ctx.db, ctx.session.userId, input.id, { disabled: input.disabled }),
    ),

  setAdmin: adminProcedure
    .input(ZSetAdminRequest)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      changeOrganiser(ctx.db, ctx.session.userId, input.id, { isAdmin: input.admin }),
    ),
});
