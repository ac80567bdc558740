import { z } from "zod";
import { ACTIVITY_TYPES } from "~/server/domain/activity";
import { filterTime, numberIn, requiredText } from "./common";

/** Races of an event, their checkpoints, leaderboards, passings and results (docs/race.md). */

export const START_MODES = ["gun", "waves", "individual"] as const;
export const RACE_STATUSES = ["not_started", "running", "finished", "dnf", "dns", "dsq"] as const;

const time = () => filterTime().meta({ example: "2026-06-14T07:30:00Z" });

export const ZCutoff = z
  .object({
    checkpoint_id: requiredText(80).meta({
      description: "A checkpoint id of the race (finish, split-10000…)",
    }),
    at: time().nullable().default(null).meta({ description: "Reach it by this time of day" }),
    after_start_sec: numberIn(60, 7 * 86400)
      .int()
      .nullable()
      .default(null)
      .meta({ description: "Or within this long of the participant's start" }),
  })
  .refine((c) => (c.at === null) !== (c.after_start_sec === null), {
    message: "a cut-off needs either `at` or `after_start_sec`",
  });

export const ZRaceFields = z.object({
  name: requiredText(120).meta({ example: "Marathon" }),
  activity_type: z.enum(ACTIVITY_TYPES).default("run"),
  start_mode: z.enum(START_MODES).default("gun").meta({
    description:
      "gun: everyone from start_at; waves: from their wave's time; individual: from their own start",
  }),
  start_at: time().meta({ description: "The gun (or when an individual start opens)" }),
  start_closes_at: time().nullable().default(null).meta({ description: "No progress by then: DNS" }),
  end_at: time().nullable().default(null).meta({ description: "The course closes: the results are frozen" }),
  inactivity_dnf_sec: numberIn(60, 86400).int().nullable().default(null),
  laps: numberIn(1, 100).int().default(1),
  split_every_m: numberIn(100, 100_000).nullable().default(null).meta({
    description: "Virtual checkpoints every this many metres (1000: every km)",
    example: 5000,
  }),
  off_course_m: numberIn(10, 140).nullable().default(null),
  off_course_sec: numberIn(10, 3600).int().nullable().default(null),
  cutoffs: z.array(ZCutoff).max(50).default([]),
});
export type TRaceFields = z.infer<typeof ZRaceFields>;

export const ZCreateRaceRequest = ZRaceFields.extend({ event_id: z.uuid() });
export type TCreateRaceRequest = z.infer<typeof ZCreateRaceRequest>;
export const ZUpdateRaceRequest = ZRaceFields.extend({ race_id: z.uuid() });
export type TUpdateRaceRequest = z.infer<typeof ZUpdateRaceRequest>;
export const ZRaceIdRequest = z.object({ race_id: z.uuid() });

export const ZCheckpoint = z.object({
  id: z
    .string()
    .meta({ description: "start, finish, split-5000, lap-1, or a checkpoint's UUID (@lap on laps)" }),
  name: z.string(),
  kind: z.enum(["start", "finish", "point", "lap", "split"]),
  distance_m: z.number(),
  lap: z.number().int().nullable(),
  /** The organiser's checkpoint row this one comes from (null: start, finish, laps, splits). */
  source_id: z.uuid().nullable(),
});

export const ZRaceResponse = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  name: z.string(),
  activity_type: z.enum(ACTIVITY_TYPES),
  start_mode: z.enum(START_MODES),
  start_at: z.string(),
  start_closes_at: z.string().nullable(),
  end_at: z.string().nullable(),
  inactivity_dnf_sec: z.number().int().nullable(),
  laps: z.number().int(),
  split_every_m: z.number().nullable(),
  off_course_m: z.number().nullable(),
  off_course_sec: z.number().int().nullable(),
  cutoffs: z.array(
    z.object({
      checkpoint_id: z.string(),
      at: z.string().nullable(),
      after_start_sec: z.number().nullable(),
    }),
  ),
  course: z
    .object({ file: z.string().nullable(), distance_m: z.number(), points: z.number().int() })
    .nullable(),
  checkpoints: z.array(ZCheckpoint),
  participants: z.number().int(),
});
export type TRaceResponse = z.infer<typeof ZRaceResponse>;

export const ZEventRacesRequest = z.object({ id: z.uuid().meta({ description: "Event id" }) });
export const ZListRacesResponse = z.object({ races: z.array(ZRaceResponse) });
export const ZRaceInEventRequest = z.object({ id: z.uuid(), race_id: z.uuid() });

export const ZUploadCourseRequest = z.object({
  id: z.uuid(),
  race_id: z.uuid(),
  files: z
    .array(
      z.object({
        name: requiredText(255).meta({ example: "marathon.gpx" }),
        data_base64: z.base64({ message: "expected the file's bytes in base64" }).min(1),
      }),
    )
    .length(1, "exactly one route file"),
});

export const ZCheckpointFields = z
  .object({
    name: requiredText(80).meta({ example: "Ravito 1" }),
    distance_m: numberIn(0, 1_000_000).nullable().default(null),
    position: z
      .object({ lat: numberIn(-90, 90), lon: numberIn(-180, 180) })
      .nullable()
      .default(null),
    near_m: numberIn(0, 1_000_000).nullable().default(null),
    every_lap: z.boolean().default(false),
  })
  .refine((c) => (c.distance_m === null) !== (c.position === null), {
    message: "a checkpoint needs either distance_m or position",
  });
export const ZAddCheckpointRequest = z.object({ race_id: z.uuid(), checkpoint: ZCheckpointFields });
export const ZUpdateCheckpointRequest = z.object({ id: z.uuid(), checkpoint: ZCheckpointFields });
export const ZCheckpointIdRequest = z.object({ id: z.uuid() });
export type TCheckpointFields = z.infer<typeof ZCheckpointFields>;

export const ZEntryRequest = z.object({
  race_id: z.uuid(),
  participant_id: z.uuid(),
  wave_start_at: time().nullable().default(null),
  status: z
    .enum(RACE_STATUSES)
    .nullable()
    .default(null)
    .meta({ description: "Organiser's status; null: automatic" }),
  start_at: time().nullable().default(null),
  finish_at: time().nullable().default(null),
});
export type TEntryRequest = z.infer<typeof ZEntryRequest>;
export const ZLeaveRequest = z.object({ participant_id: z.uuid() });

/** A race's entrants as the organiser edits them: the entry's own fields, and the status they have now. */
export const ZEntriesResponse = z.object({
  entries: z.array(
    z.object({
      participant_id: z.uuid(),
      name: z.string(),
      bib: z.string().nullable(),
      wave_start_at: z.string().nullable(),
      status: z.enum(RACE_STATUSES).nullable(),
      start_at: z.string().nullable(),
      finish_at: z.string().nullable(),
      /** The status shown now (the override, else the automatic one). */
      status_now: z.enum(RACE_STATUSES),
    }),
  ),
});
export type TEntriesResponse = z.infer<typeof ZEntriesResponse>;

const ts = z.string().nullable();
export const ZLeaderboardRow = z.object({
  participant_id: z.string(),
  bib: z.string().nullable(),
  name: z.string().nullable(),
  rank: z.number().int().nullable(),
  status: z.enum(RACE_STATUSES),
  status_auto: z.boolean(),
  time_sec: z.number().nullable(),
  chip_time_sec: z.number().nullable(),
  gap_sec: z.number().nullable(),
  gap_m: z.number().nullable(),
  distance_m: z.number(),
  to_finish_m: z.number(),
  pace_sec_per_km: z.number().nullable(),
  last_checkpoint: z
    .object({ id: z.string(), name: z.string(), distance_m: z.number(), at: z.string() })
    .nullable(),
  next: z.object({ id: z.string(), name: z.string(), distance_m: z.number(), eta: ts }).nullable(),
  predicted_finish: ts,
  last_fix: ts,
  flags: z.array(z.string()),
});
export type TLeaderboardRow = z.infer<typeof ZLeaderboardRow>;
/** A row's changed fields in a live leaderboard message (server/live/wire.ts); absent fields are unchanged. */
export const ZLeaderboardRowPatch = ZLeaderboardRow.partial().required({ participant_id: true });
export type TLeaderboardRowPatch = z.infer<typeof ZLeaderboardRowPatch>;

export const ZLeaderboardRequest = ZRaceInEventRequest.extend({
  at: time().optional().meta({ description: "The ranking as it was then (replay); default now" }),
});
export const ZLeaderboardResponse = z.object({
  race_id: z.uuid(),
  at: z.string(),
  /** The live sequence of the last leaderboard message these rows include (0: computed, not published). */
  seq: z.number().int(),
  rows: z.array(ZLeaderboardRow),
});
export type TLeaderboardResponse = z.infer<typeof ZLeaderboardResponse>;

export const ZResultRow = ZLeaderboardRow.omit({
  next: true,
  predicted_finish: true,
  pace_sec_per_km: true,
}).extend({
  splits: z.array(
    z.object({
      checkpoint_id: z.string(),
      elapsed_sec: z.number().nullable(),
      status: z.enum(["measured", "estimated", "missing"]).nullable(),
    }),
  ),
});
export const ZResultsResponse = z.object({
  race_id: z.uuid(),
  /** When the ranking was frozen: the course's closing, or now while the race is on (provisional). */
  at: z.string(),
  provisional: z.boolean(),
  checkpoints: z.array(ZCheckpoint),
  rows: z.array(ZResultRow),
});
export type TResultsResponse = z.infer<typeof ZResultsResponse>;

export const ZPassingsResponse = z.object({
  race_id: z.uuid(),
  passings: z.array(
    z.object({
      participant_id: z.string(),
      track_id: z.string(),
      checkpoint_id: z.string(),
      status: z.enum(["measured", "estimated", "missing"]),
      at: ts,
      gap_sec: z.number().nullable(),
      gap_m: z.number().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

export const ZCourseResponse = z.object({
  race_id: z.uuid(),
  distance_m: z.number(),
  line: z.array(z.tuple([z.number(), z.number()])),
  markers: z.array(z.object({ distance_m: z.number(), lat: z.number(), lon: z.number(), label: z.string() })),
  checkpoints: z.array(ZCheckpoint.extend({ lat: z.number(), lon: z.number() })),
});
export type TCourseResponse = z.infer<typeof ZCourseResponse>;

/** A race as the live map shows it: its course and its leaderboard (kept live by the stream's messages). */
export const ZLiveRace = z.object({
  id: z.uuid(),
  name: z.string(),
  course: ZCourseResponse,
  board: ZLeaderboardResponse,
});
export type TLiveRace = z.infer<typeof ZLiveRace>;

export const ZTrackCourseRequest = z.object({ track_id: z.uuid() });
/** The race a track counts for, with its course (the track page draws it); null: none. */
export const ZTrackCourseResponse = z.object({ name: z.string(), course: ZCourseResponse }).nullable();
