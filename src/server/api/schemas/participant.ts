import { z } from "zod";
import { requiredText, text } from "./common";

export const ZParticipantFields = z.object({
  name: requiredText(200).meta({ example: "Camille Martin" }),
  bib: text(20)
    .trim()
    .nullable()
    .default(null)
    .transform((v) => v || null)
    .meta({ description: "Bib number, unique in the event", example: "42" }),
  user_id: text(255)
    .trim()
    .nullable()
    .default(null)
    .transform((v) => v || null)
    .meta({ description: "The user_id the participant's app sends with its tracks", example: "camille" }),
  email: z.email().max(254).nullable().optional().meta({
    description: "Optional contact e-mail (never shown to spectators)",
    example: "camille@example.org",
  }),
});
export type TParticipantFields = z.infer<typeof ZParticipantFields>;

export const PARTICIPANT_STATUSES = ["invited", "registered", "approved", "revoked"] as const;
export const ZParticipantStatus = z.enum(PARTICIPANT_STATUSES).meta({
  description:
    "invited: not joined yet; registered: self-registered, awaiting approval (its token may read, not write); approved; revoked",
});

export const ZParticipantResponse = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  name: z.string(),
  bib: z.string().nullable(),
  user_id: z.string().nullable(),
  email: z.string().nullable(),
  status: ZParticipantStatus,
  joined_at: z.string().nullable().meta({ description: "When the participant first joined (null: not yet)" }),
  revoked_at: z.string().nullable(),
  invite_path: z
    .string()
    .nullable()
    .meta({ description: "The participant's invitation link, relative to the site (null once revoked)" }),
  created_at: z.string(),
});
export type TParticipantResponse = z.infer<typeof ZParticipantResponse>;

export const ZListParticipantsRequest = z.object({ event_id: z.uuid() });
export const ZListParticipantsResponse = z.object({ participants: z.array(ZParticipantResponse) });

export const ZCreateParticipantRequest = ZParticipantFields.extend({ event_id: z.uuid() });
export type TCreateParticipantRequest = z.infer<typeof ZCreateParticipantRequest>;

export const ZUpdateParticipantRequest = ZParticipantFields.extend({ id: z.uuid() });
export type TUpdateParticipantRequest = z.infer<typeof ZUpdateParticipantRequest>;

export const ZParticipantIdRequest = z.object({ id: z.uuid() });
export const ZParticipantIdResponse = z.object({ id: z.uuid() });

export const ZInviteParticipantRequest = ZParticipantFields.extend({ event_id: z.uuid() });

/** The organiser opens or closes a public event's self-registration, caps it, asks for approval. */
export const ZRegistrationSettingsRequest = z.object({
  event_id: z.uuid(),
  open: z.boolean(),
  cap: z.number().int().min(1).max(100_000).nullable(),
  require_approval: z.boolean(),
});
export type TRegistrationSettingsRequest = z.infer<typeof ZRegistrationSettingsRequest>;
