import { z } from "zod";
import { text, requiredText } from "./common";
import { isValidTimeZone } from "~/lib/time";
import { ZParticipantFields } from "./participant";

export const EVENT_STATUSES = ["upcoming", "current", "past"] as const;
export type TEventStatus = (typeof EVENT_STATUSES)[number];

export const ZLatLon = z.object({
  lat: z.number().min(-90).max(90).meta({ example: 48.8584 }),
  lon: z.number().min(-180).max(180).meta({ example: 2.2945 }),
});
export type TLatLon = z.infer<typeof ZLatLon>;

export const ZEventId = z.uuid().meta({ description: "Event id (UUID)" });

/** What the organiser edits: the start is given on the wall clock of the event's timezone. */
export const ZEventFields = z.object({
  name: requiredText(120).meta({ example: "Trail des Crêtes 2026" }),
  date: z.iso.date().meta({ description: "Local date of the start", example: "2026-06-14" }),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .meta({ description: "Local time of the start (HH:MM)", example: "09:30" }),
  timezone: text(64)
    .refine(isValidTimeZone, { message: "Unknown timezone" })
    .default("Europe/Paris")
    .meta({ description: "IANA timezone", example: "Europe/Paris" }),
  is_public: z.boolean().default(false).meta({ description: "Public: anyone can follow and join" }),
  start: ZLatLon.meta({ description: "Start location" }),
  destination: ZLatLon.nullable().default(null).meta({ description: "Optional destination" }),
  description: text(5000)
    .trim()
    .nullable()
    .default(null)
    .transform((v) => v || null),
});
export type TEventFields = z.infer<typeof ZEventFields>;
export type TEventFieldsInput = z.input<typeof ZEventFields>;

export const ZCreateEventRequest = ZEventFields.extend({
  participants: z.array(ZParticipantFields).max(5000).default([]),
});
export type TCreateEventRequest = z.infer<typeof ZCreateEventRequest>;

export const ZUpdateEventRequest = ZEventFields.extend({ id: ZEventId });
export type TUpdateEventRequest = z.infer<typeof ZUpdateEventRequest>;

export const ZEventIdRequest = z.object({ id: ZEventId });
export const ZEventIdResponse = z.object({ id: ZEventId });

export const ZEventResponse = z.object({
  id: ZEventId,
  name: z.string(),
  description: z.string().nullable(),
  starts_at: z.string().meta({ description: "ISO 8601 instant of the start" }),
  date: z.string().meta({ description: "Local date of the start in the event's timezone" }),
  time: z.string().meta({ description: "Local time of the start in the event's timezone" }),
  timezone: z.string(),
  is_public: z.boolean(),
  spectator_delay_sec: z.number().int().meta({ description: "Spectators see live positions this late" }),
  start: ZLatLon.nullable(),
  destination: ZLatLon.nullable(),
  status: z.enum(EVENT_STATUSES),
  tracks_count: z.number().int(),
  running_count: z.number().int().meta({ description: "Tracks in state running" }),
  participants_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TEventResponse = z.infer<typeof ZEventResponse>;

export const ZListEventsResponse = z.object({
  upcoming: z.array(ZEventResponse).meta({ description: "Soonest first" }),
  current: z.array(ZEventResponse),
  past: z.array(ZEventResponse).meta({ description: "Most recent first" }),
});
export type TListEventsResponse = z.infer<typeof ZListEventsResponse>;

/** A token just issued: the raw value appears here once and is never stored. */
export const ZIssuedToken = z.object({
  id: z.uuid(),
  prefix: z.string(),
  raw: z.string().meta({ description: "The token itself: shown once" }),
});
export type TIssuedToken = z.infer<typeof ZIssuedToken>;

export const ZCreateEventResponse = z.object({ event: ZEventResponse, token: ZIssuedToken });
export type TCreateEventResponse = z.infer<typeof ZCreateEventResponse>;
