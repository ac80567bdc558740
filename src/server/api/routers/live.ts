import { z } from "zod";
import {
  ZCreateShareLinkRequest,
  ZCreateShareLinkResponse,
  ZSetDelayRequest,
  ZShareLink,
} from "~/server/api/schemas/live";
import { createTRPCRouter, organiserProcedure } from "~/server/api/trpc";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  setSpectatorDelay,
} from "~/server/services/share-links";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Organiser settings of live viewing: share links of private events, spectators' delay. */
export const liveRouter = createTRPCRouter({
  shareLinks: organiserProcedure
    .input(z.object({ event_id: z.uuid() }))
    .output(z.array(ZShareLink))
    .query(async ({ ctx, input }) =>
      (await listShareLinks(ctx.db, ctx.session.userId, input.event_id)).map((l) => ({
        id: l.id,
        label: l.label,
        prefix: l.prefix,
        expires_at: iso(l.expiresAt),
        revoked_at: iso(l.revokedAt),
        created_at: l.createdAt.toISOString(),
      })),
    ),
  createShareLink: organiserProcedure
    .input(ZCreateShareLinkRequest)
    .output(ZCreateShareLinkResponse)
    .mutation(({ ctx, input }) =>
      createShareLink(ctx.db, ctx.session.userId, {
        eventId: input.event_id,
        label: input.label,
        expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      }),
    ),
  revokeShareLink: organiserProcedure
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await revokeShareLink(ctx.db, ctx.session.userId, input.id);
      return { id: input.id };
    }),
  setSpectatorDelay: organiserProcedure
    .input(ZSetDelayRequest)
    .output(ZSetDelayRequest)
    .mutation(({ ctx, input }) => setSpectatorDelay(ctx.db, ctx.session.userId, input)),
});
