import { z } from "zod";
import { text } from "./common";
import { ZEventFields, ZEventId, ZEventResponse, ZIssuedToken } from "./event";
import { ZParticipantFields, ZParticipantResponse, ZParticipantStatus } from "./participant";

/** The runner's API (Runnity's concepts in our conventions): who am I, my events, joining, logging out. */

export const ZMeResponse = z.object({
  kind: z.enum(["organiser", "participant", "event"]).meta({
    description:
      "organiser: an organiser's personal token; participant: a runner's device token; event: an event's token",
  }),
  level: z
    .enum(["admin", "user"])
    .meta({ description: "admin: an instance administrator (Runnity's userLevel)" }),
  token: z.object({ id: z.uuid(), prefix: z.string(), label: z.string(), scopes: z.array(z.string()) }),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string().nullable() }).nullable(),
  participant: z
    .object({ id: z.uuid(), name: z.string(), bib: z.string().nullable(), status: ZParticipantStatus })
    .nullable(),
  event_id: ZEventId.nullable().meta({ description: "The token's event (null for an organiser's token)" }),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;

/** Who else runs: what a participant may see of the others (no e-mail, no invitation link). */
export const ZEventParticipant = z.object({
  id: z.uuid(),
  name: z.string(),
  bib: z.string().nullable(),
  status: ZParticipantStatus,
  joined_at: z.string().nullable(),
});

export const ZRegistration = z.object({
  open: z.boolean().meta({ description: "Public events: anyone may join while open" }),
  cap: z.number().int().nullable().meta({ description: "At most this many participants (null: no cap)" }),
  require_approval: z.boolean().meta({ description: "Self-registered participants wait for the organiser" }),
  taken: z.number().int().meta({ description: "Participants not revoked" }),
});

export const ZRunnerEvent = ZEventResponse.extend({
  is_creator: z.boolean().meta({ description: "The caller created this event (Runnity's isCreator)" }),
  participants: z.array(ZEventParticipant),
  registration: ZRegistration,
});
export type TRunnerEvent = z.infer<typeof ZRunnerEvent>;

export const ZRunnerEventsResponse = z.object({
  upcoming: z
    .array(ZRunnerEvent)
    .meta({ description: "Before the event's day in its timezone, soonest first" }),
  current: z
    .array(ZRunnerEvent)
    .meta({ description: "On the event's day in its timezone, or while a track runs" }),
  past: z.array(ZRunnerEvent).meta({ description: "After the event's day, most recent first" }),
});
export type TRunnerEventsResponse = z.infer<typeof ZRunnerEventsResponse>;

export const ZRunnerEventRequest = z.object({ id: ZEventId });

export const ZRunnerCreateEventRequest = ZEventFields.extend({
  registration_open: z.boolean().default(false),
  registration_cap: z.number().int().min(1).max(100_000).nullable().default(null),
  require_approval: z.boolean().default(false),
});
export type TRunnerCreateEventRequest = z.infer<typeof ZRunnerCreateEventRequest>;
export const ZRunnerCreateEventResponse = z.object({ event: ZRunnerEvent, token: ZIssuedToken });

export const ZInviteRequest = ZParticipantFields.extend({ id: ZEventId });
export const ZInvitationResponse = ZParticipantResponse.extend({
  invite_url: z.string().nullable().meta({ description: "The invitation link to send (absolute)" }),
});
export const ZListInvitationsResponse = z.object({ participants: z.array(ZInvitationResponse) });

export const ZJoinRequest = z.object({
  id: ZEventId,
  name: ZParticipantFields.shape.name,
  bib: ZParticipantFields.shape.bib,
  email: ZParticipantFields.shape.email,
});
export type TJoinRequest = z.infer<typeof ZJoinRequest>;

export const ZInvitationCodeRequest = z.object({
  code: text(64).meta({ description: "The code of the invitation link (/join/<code>)" }),
});

export const ZJoinResponse = z.object({
  participant: ZEventParticipant,
  event_id: ZEventId,
  token: ZIssuedToken.meta({ description: "The participant's personal device token: shown once" }),
});
export type TJoinResponse = z.infer<typeof ZJoinResponse>;
