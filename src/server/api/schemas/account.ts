import { z } from "zod";
import { text } from "./common";
import { ZTokenResponse } from "./token";

export const PASSWORD_MIN = 8;

export const ZSignUpRequest = z.object({
  email: z
    .email()
    .max(254)
    .transform((v) => v.trim().toLowerCase()),
  password: text(200).min(PASSWORD_MIN),
  name: text(120)
    .trim()
    .nullable()
    .default(null)
    .transform((v) => v || null),
});
export type TSignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZSignUpResponse = z.object({ id: z.uuid(), email: z.string() });

export const ZIssueOrganiserTokenRequest = z.object({ label: text(100).trim().default("") });

/** An organiser's personal token (the runner API): an event token's row without its event. */
export const ZPersonalTokenResponse = ZTokenResponse.omit({ event_id: true });
export type TPersonalTokenResponse = z.infer<typeof ZPersonalTokenResponse>;
export const ZPersonalTokensResponse = z.object({ tokens: z.array(ZPersonalTokenResponse) });
export const ZRevokePersonalTokenRequest = z.object({ id: z.uuid() });

/** The current password is required: a session left open on a shared computer must not lock its owner out. */
export const ZChangePasswordRequest = z.object({
  current_password: text(200).min(1),
  new_password: text(200).min(PASSWORD_MIN),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

/** One organiser of the instance, as its administrators see it. */
export const ZOrganiserRow = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  created_at: z.string(),
  /** The last dashboard sign-in; null before this was recorded, or for an account never signed in. */
  last_sign_in_at: z.string().nullable(),
  is_admin: z.boolean(),
  disabled_at: z.string().nullable(),
  events_count: z.number().int(),
});
export type TOrganiserRow = z.infer<typeof ZOrganiserRow>;

export const ZOrganisersResponse = z.object({ organisers: z.array(ZOrganiserRow) });

export const ZSetDisabledRequest = z.object({ id: z.uuid(), disabled: z.boolean() });
export const ZSetAdminRequest = z.object({ id: z.uuid(), admin: z.boolean() });
