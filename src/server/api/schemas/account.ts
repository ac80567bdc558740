import { z } from "zod";
import { text } from "./common";

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
