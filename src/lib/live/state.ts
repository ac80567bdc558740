import type { LiveMessage, LiveSnapshot, LiveTrack, Move, MovesMessage, WirePoint } from "~/server/live/wire";
import { applyLeaderboard, type LeaderboardView } from "./leaderboard";

/**
 * The viewer's picture of an event, built from the live stream: a snapshot, then `points` (organisers) or
 * `moves` (spectators) and `track` deltas. Applying a message twice, or one the snapshot already holds, changes nothing: the browser
 * reconnects by itself and the server may resend.
 */
export type { LiveMessage, LiveSnapshot, LiveTrack, WirePoint };
export type LiveEventInfo = LiveSnapshot["event"];
export type LiveParticipant = LiveSnapshot["participants"][number];

export interface TrackView {
  track: LiveTrack;
  /** Sorted by timestamp, one point per timestamp. */
  trail: WirePoint[];
  /** Sequence of the change that last set `track`: an older message still adds points, not metadata. */
  seq: number;
}

export interface LiveState {
  event: LiveEventInfo;
  participants: LiveParticipant[];
  tracks: Record<string, TrackView>;
  /** Sequence of the snapshot: every change up to it is already in. */
  seq: number;
  /** Deleted tracks and the sequence of their deletion: older messages must not bring them back. */
  removed: Record<string, number>;
  /** Server clock minus browser clock (ms), measured when the snapshot arrived. */
  clockOffsetMs: number;
  /** Races' leaderboards, by race id, as their `leaderboard` messages built them. */
  races?: Record<string, LeaderboardView>;
}

/** One batch of a spectator's `moves` frame (wire.ts ZMove), applied as its `points` message would be. */
export interface MoveUpdate {
  type: "move";
  seq: number;
  move: Move;
}

/** What the stream's messages become in the page: a `moves` frame is split into its batches. */
export type LiveUpdate = LiveMessage | MoveUpdate;

/** A `moves` frame's batches, in order, each one update (chunks.ts sizes its chunks in batches). */
export const splitMoves = (frame: MovesMessage): MoveUpdate[] =>
  frame.moves.map((move) => ({ type: "move", seq: move[0], move }));

export type LiveAction =
  | { type: "snapshot"; snapshot: LiveSnapshot; receivedAt: number }
  | { type: "message"; message: LiveUpdate }
  /** The messages that arrived during one animation frame, applied in order: one render for all of them. */
  | { type: "messages"; messages: LiveUpdate[] }
  /** A race's leaderboard read again (after a snapshot: messages may have been missed). */
  | { type: "board"; board: LeaderboardView };

export function fromSnapshot(snapshot: LiveSnapshot, receivedAt: number): LiveState {
  const tracks: Record<string, TrackView> = {};
  for (const { trail, ...track } of snapshot.tracks) {
    tracks[track.id] = { track, trail: normaliseTrail(trail), seq: snapshot.seq };
  }
  return {
    event: snapshot.event,
    participants: snapshot.participants,
    tracks,
    seq: snapshot.seq,
    removed: {},
    clockOffsetMs: Date.parse(snapshot.server_time) - receivedAt,
  };
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  // The boards are not in the snapshot: they stay until read again ("board").
  if (action.type === "snapshot")
    return { ...fromSnapshot(action.snapshot, action.receivedAt), races: state.races };
  if (action.type === "board") {
    const current = state.races?.[action.board.raceId];
    // A board read from the store (seq 0: a delayed spectator's) always replaces; a published one only if newer.
    if (current && action.board.seq > 0 && action.board.seq < current.seq) return state;
    return { ...state, races: { ...state.races, [action.board.raceId]: action.board } };
  }
  if (action.type === "messages") {
    // One copy of the tracks for the whole frame, not one per message (1,000 runners: ≈ 100 messages a
    // frame, each copy 1,000 entries): a tracks object made during this loop is ours to write into.
    let out = state;
    for (const message of action.messages) {
      out = applyMessage(out, message, out.tracks === state.tracks ? null : out.tracks);
    }
    return out;
  }
  return applyMessage(state, action.message, null);
}

/** `owned`: a tracks object made by this reducer call, updated in place (see liveReducer). */
function applyMessage(
  state: LiveState,
  message: LiveUpdate,
  owned: Record<string, TrackView> | null,
): LiveState {
  if (message.type === "move") return applyMove(state, message, owned);
  // The snapshot already holds it.
  if (message.seq <= state.seq) return state;
  if (message.type === "leaderboard") {
    const races = state.races ?? {};
    return {
      ...state,
      races: { ...races, [message.race_id]: applyLeaderboard(races[message.race_id], message) },
    };
  }
  const trackId = message.type === "points" ? message.track.id : message.track_id;
  const removedAt = state.removed[trackId];
  if (removedAt !== undefined && message.seq <= removedAt) return state;
  const current = state.tracks[trackId];

  if (message.type === "points") {
    const trail = mergePoints(current?.trail ?? [], message.points);
    const fresh = !current || message.seq > current.seq;
    if (current && !fresh && trail === current.trail) return state;
    const track = fresh ? message.track : current.track;
    return withTrack(
      state,
      { track: withLast(track, trail), trail, seq: fresh ? message.seq : current.seq },
      owned,
    );
  }

  if (message.kind === "deleted") {
    if (!current && removedAt !== undefined) return state;
    const { [trackId]: _gone, ...tracks } = state.tracks;
    return { ...state, tracks, removed: { ...state.removed, [trackId]: message.seq } };
  }
  if (!message.track) return state;
  const fresh = !current || message.seq > current.seq;
  let trail = current?.trail ?? [];
  if (message.trail) {
    // A finish brings the server's full simplified trail: it replaces what was pieced together from deltas
    // (a late, older copy only fills gaps).
    trail = fresh ? normaliseTrail(message.trail) : mergePoints(trail, message.trail);
  }
  if (current && !fresh && trail === current.trail) return state;
  const track = fresh ? message.track : current.track;
  return withTrack(
    state,
    { track: withLast(track, trail), trail, seq: fresh ? message.seq : current.seq },
    owned,
  );
}

/**
 * A spectator's batch: its points and the running totals the page shows, on a track it already has (its
 * `track` message, or the snapshot, came first: the server sends in seq order, and a delayed spectator's
 * batches wait for their track's messages, viewer.ts). Unlike a `points` message, one at the snapshot's own
 * seq is applied: a delayed spectator's points still pending at its snapshot come with that seq (hub.ts).
 */
function applyMove(state: LiveState, update: MoveUpdate, owned: Record<string, TrackView> | null): LiveState {
  const [seq, trackId, points, distance, pace, speed] = update.move;
  if (seq < state.seq) return state;
  const removedAt = state.removed[trackId];
  if (removedAt !== undefined && seq <= removedAt) return state;
  const current = state.tracks[trackId];
  if (!current) return state;
  const trail = mergePoints(current.trail, points);
  const fresh = seq > current.seq;
  if (!fresh && trail === current.trail) return state;
  const track = fresh
    ? {
        ...current.track,
        stats: {
          ...current.track.stats,
          distance_meters: distance,
          pace_sec_per_km: pace,
          mean_speed_mps: speed,
        },
      }
    : current.track;
  return withTrack(state, { track: withLast(track, trail), trail, seq: fresh ? seq : current.seq }, owned);
}

function withTrack(state: LiveState, view: TrackView, owned: Record<string, TrackView> | null): LiveState {
  if (owned !== null && state.tracks === owned) {
    owned[view.track.id] = view;
    return state;
  }
  return { ...state, tracks: { ...state.tracks, [view.track.id]: view } };
}

/** The marker goes to the latest point known, even when a late batch of older points arrives last. */
function withLast(track: LiveTrack, trail: WirePoint[]): LiveTrack {
  const last = trail[trail.length - 1] ?? track.last;
  if (!last || (track.last && track.last[2] >= last[2])) return track;
  return { ...track, last };
}

const byTime = (a: WirePoint, b: WirePoint) => a[2] - b[2];

function normaliseTrail(points: WirePoint[]): WirePoint[] {
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1];
    const point = points[i];
    if (!previous || !point || point[2] <= previous[2]) return mergePoints([], points);
  }
  return points;
}

/**
 * `trail` plus the points of `incoming` whose timestamps it lacks, sorted by time. Returns `trail` itself
 * when nothing is new, so unchanged tracks keep their identity (React skips them).
 */
export function mergePoints(trail: WirePoint[], incoming: WirePoint[]): WirePoint[] {
  if (incoming.length === 0) return trail;
  const sorted = incoming.length > 1 ? [...incoming].sort(byTime) : incoming;
  const last = trail[trail.length - 1];
  const first = sorted[0];
  if (first && (!last || first[2] > last[2])) {
    // The usual case: a batch after everything known.
    const out = trail.slice();
    let previous = last?.[2] ?? Number.NEGATIVE_INFINITY;
    for (const p of sorted) {
      if (p[2] > previous) out.push(p);
      previous = Math.max(previous, p[2]);
    }
    return out;
  }
  const byTs = new Map<number, WirePoint>();
  for (const p of trail) byTs.set(p[2], p);
  let added = false;
  for (const p of sorted) {
    if (!byTs.has(p[2])) {
      byTs.set(p[2], p);
      added = true;
    }
  }
  return added ? [...byTs.values()].sort(byTime) : trail;
}
