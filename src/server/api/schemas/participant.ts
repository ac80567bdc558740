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
});
export type TParticipantFields = z.infer<typeof ZParticipantFields>;

export const ZParticipantResponse = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  name: z.string(),
  bib: z.string().nullable(),
  user_id: z.string().nullable(),
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
