import { z } from "zod";

export const PASSWORD_MIN = 8;

export const ZSignUpRequest = z.object({
  email: z
    .email()
    .max(254)
    .transform((v) => v.trim().toLowerCase()),
  password: z.string().min(PASSWORD_MIN).max(200),
  name: z
    .string()
    .trim()
    .max(120)
    .nullable()
    .default(null)
    .transform((v) => v || null),
});
export type TSignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZSignUpResponse = z.object({ id: z.uuid(), email: z.string() });
