import { z } from "zod";
import { ZLeaderboardRow, ZLeaderboardRowPatch } from "~/server/api/schemas/race";
import { ZTrackResponse } from "~/server/api/schemas/track";
import { CHANGE_KINDS } from "~/server/db/live-log";

/**
 * The live stream's contract (Server-Sent Events), shared by the server that builds the messages and the
 * browser that applies them: each message type is one schema here and one SSE event name. Adding a message:
 * its schema and event name here, its builder in messages.ts, its effect in src/lib/live/state.ts.
 */

/** [lat, lon, epoch ms, altitude|null]: compact on the wire, spectators watch on mobile networks. */
export const ZWirePoint = z.tuple([z.number(), z.number(), z.number(), z.number().nullable()]);
export type WirePoint = z.infer<typeof ZWirePoint>;

export const ZLiveTrack = ZTrackResponse.omit({
  created_at: true,
  updated_at: true,
  device_track_id: true,
  event_id: true,
  notes: true,
}).extend({
  participant: z.object({ name: z.string(), bib: z.string().nullable() }).nullable(),
  last: ZWirePoint.nullable(),
});
export type LiveTrack = z.infer<typeof ZLiveTrack>;

export const ZViewerRole = z.enum(["organiser", "spectator"]);

export const ZLiveSnapshot = z.object({
  event: z.object({
    id: z.uuid(),
    name: z.string(),
    is_public: z.boolean(),
    starts_at: z.string(),
    timezone: z.string(),
    role: ZViewerRole,
    delay_sec: z.number().int(),
    stale_after_sec: z.number().int(),
    /** The course's start and destination, to frame the map before anyone has started. */
    start: z.tuple([z.number(), z.number()]).nullable(),
    destination: z.tuple([z.number(), z.number()]).nullable(),
  }),
  participants: z.array(
    z.object({ id: z.uuid(), name: z.string(), bib: z.string().nullable(), user_id: z.string().nullable() }),
  ),
  tracks: z.array(ZLiveTrack.extend({ trail: z.array(ZWirePoint) })),
  seq: z.number().int(),
  server_time: z.string(),
  /** Delayed spectators: the device time up to which positions are included (epoch ms). */
  cut_ts: z.number().nullable(),
});
export type LiveSnapshot = z.infer<typeof ZLiveSnapshot>;

/** New points of one track, with its running totals. */
export const ZPointsMessage = z.object({
  type: z.literal("points"),
  seq: z.number().int(),
  track: ZLiveTrack,
  points: z.array(ZWirePoint),
});

/** A track's state changed (created, updated, finished with its whole trail, deleted). */
export const ZTrackMessage = z.object({
  type: z.literal("track"),
  seq: z.number().int(),
  kind: z.enum(CHANGE_KINDS),
  track_id: z.string(),
  track: ZLiveTrack.nullable(),
  trail: z.array(ZWirePoint).optional(),
});

/**
 * A race's leaderboard changed: every row when `full` (a race edited, a catch-up, another instance's change).
 * Otherwise a patch of the board this stream sent before: `rows` complete for participants not sent yet,
 * `patches` for the others whose own figures changed (their id and the fields that changed; an absent field
 * is unchanged; never `rank`), and `leader_m`, the leader's distance: every running row's `gap_m` is then
 * max(0, leader_m − distance_m) (null without a leader). Rows are keyed by participant_id; `removed` left the
 * race. After a patch every rank is the competition rank of the rows' fields (src/lib/live/leaderboard.ts
 * `rankerOf`): finished by `time_sec` (none: after those with one), then running by `distance_m`, others
 * unranked — what the server ranks by, so no rank needs to travel when a runner overtakes others.
 */
export const ZLeaderboardMessage = z.object({
  type: z.literal("leaderboard"),
  seq: z.number().int(),
  race_id: z.string(),
  full: z.boolean(),
  rows: z.array(ZLeaderboardRow),
  patches: z.array(ZLeaderboardRowPatch).optional(),
  leader_m: z.number().int().nullable().optional(),
  removed: z.array(z.string()),
});
export type LeaderboardMessage = z.infer<typeof ZLeaderboardMessage>;

/**
 * One batch for spectators: `[seq, track_id, points, distance_m, pace_sec_per_km, mean_speed_mps]`. A
 * `points` message carries the whole track (≈ 1 kB) though a batch changes only its position and running
 * totals; of those a spectator's page shows the distance and the pace (or speed, on a bike), so only they come
 * along (points_count, elevation and the other totals, and everything else, arrive with `track` messages and
 * snapshots). Points are wire points with coordinates to 6 decimals (0.1 m), altitude to 0.1 m.
 */
export const ZMove = z.tuple([
  z.number().int(),
  z.string(),
  z.array(ZWirePoint),
  z.number().nullable(),
  z.number().nullable(),
  z.number().nullable(),
]);
export type Move = z.infer<typeof ZMove>;

/**
 * Spectators' form of consecutive `points` messages: their batches in seq order, in one SSE frame whose id is
 * the last one's seq (the frame holds every seq from its first entry's to that one, so Last-Event-ID stays
 * exact). The page applies each entry as that batch's `points` message would for a track it already has.
 */
export const ZMovesMessage = z.object({ moves: z.array(ZMove).min(1) });
export type MovesMessage = z.infer<typeof ZMovesMessage>;

export const ZLiveMessage = z.discriminatedUnion("type", [
  ZPointsMessage,
  ZTrackMessage,
  ZLeaderboardMessage,
]);
export type LiveMessage = z.infer<typeof ZLiveMessage>;
export type LiveMessageType = LiveMessage["type"];

/** SSE event names: a message's name is its type; the snapshot and the heartbeat have their own. */
export const LIVE_EVENTS = {
  snapshot: "snapshot",
  ping: "ping",
  /** Spectators only (ZMovesMessage): organisers get `points`. */
  moves: "moves",
  messages: ["points", "track", "leaderboard"] as const satisfies readonly LiveMessageType[],
} as const;

/** One SSE frame; its id is the change's seq (a reconnect with Last-Event-ID resumes right after it). */
export function sseFrame(event: string, json: string, id: number): string {
  return `id: ${id}\nevent: ${event}\ndata: ${json}\n\n`;
}
