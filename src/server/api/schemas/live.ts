import { z } from "zod";
import { text } from "./common";

export const ZShareLink = z.object({
  id: z.uuid(),
  label: z.string(),
  prefix: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});

export const ZCreateShareLinkRequest = z.object({
  event_id: z.uuid(),
  label: text(100).optional(),
  expires_at: z.iso
    .datetime({ offset: true })
    .nullable()
    .optional()
    .refine((v) => !v || Date.parse(v) < Date.UTC(2200, 0, 1), { message: "must be before 2200" }),
});

export const ZCreateShareLinkResponse = z.object({
  id: z.uuid(),
  key: z.string().meta({ description: "Shown once: the link is /live/{event_id}?share={key}" }),
});

export const ZSetDelayRequest = z.object({
  event_id: z.uuid(),
  spectator_delay_sec: z.number().int().min(0).max(3600),
});
