import { z } from "zod";
import { requiredText } from "./common";
import { TOKEN_SCOPES } from "~/server/auth/tokens";
import { ZIssuedToken } from "./event";

export const ZTokenScope = z.enum(TOKEN_SCOPES);

/** Ten years: an expiry further away is no expiry. */
export const TOKEN_MAX_LIFETIME_SEC = 10 * 366 * 86_400;

export const ZTokenResponse = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  label: z.string(),
  prefix: z.string().meta({ description: "First characters of the token, for recognising it" }),
  scopes: z.array(ZTokenScope),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  expires_at: z.string().nullable().meta({ description: "When the token stops working; null: never" }),
});
export type TTokenResponse = z.infer<typeof ZTokenResponse>;

export const ZListTokensRequest = z.object({ event_id: z.uuid() });
export const ZListTokensResponse = z.object({ tokens: z.array(ZTokenResponse) });

export const ZCreateTokenRequest = z.object({
  event_id: z.uuid(),
  label: requiredText(100).meta({ example: "iOS app" }),
  scopes: z
    .array(ZTokenScope)
    .min(1)
    .default([...TOKEN_SCOPES]),
  expires_in_sec: z
    .int()
    .min(60)
    .max(TOKEN_MAX_LIFETIME_SEC)
    .optional()
    .meta({ description: "The token stops working this many seconds after its creation; absent: never" }),
});
export type TCreateTokenRequest = z.infer<typeof ZCreateTokenRequest>;

export const ZCreateTokenResponse = z.object({ token: ZTokenResponse, issued: ZIssuedToken });

export const ZRevokeTokenRequest = z.object({ event_id: z.uuid(), id: z.uuid() });
export const ZRevokeTokenResponse = z.object({ id: z.uuid() });
