import type { LiveState, TrackView } from "./state";

/** Who the spectator follows: a registered participant (all their tracks) or an unregistered track. */
export type RunnerStatus = "running" | "paused" | "stopped" | "not_started";

export interface Runner {
  /** `user:<user_id>`, `participant:<id>` (no user_id: tracks of its personal tokens) or `track:<id>`. */
  key: string;
  name: string;
  bib: string | null;
  status: RunnerStatus;
  /** The track shown for the runner: the current one, else the latest. */
  track: TrackView | null;
  tracks: TrackView[];
  color: string;
}

const ORDER: Record<RunnerStatus, number> = { running: 0, paused: 1, stopped: 2, not_started: 3 };

/** Distinct hues (none grey: grey means stale), readable with white text. */
const PALETTE = [
  "#e4572e",
  "#2563eb",
  "#16a34a",
  "#9333ea",
  "#db2777",
  "#0891b2",
  "#ca8a04",
  "#4f46e5",
  "#65a30d",
  "#92400e",
  "#be123c",
  "#0f766e",
];

/**
 * A runner's colour, the same for every viewer: registered participants take the palette in the server's
 * order (the first twelve never share one), other tracks a colour from their key.
 */
export function runnerColor(key: string, index?: number): string {
  if (index !== undefined) return PALETTE[index % PALETTE.length] ?? "#e4572e";
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? "#e4572e";
}

function primary(tracks: TrackView[]): TrackView | null {
  const ranked = [...tracks].sort(
    (a, b) =>
      Number(a.track.state === "stopped") - Number(b.track.state === "stopped") ||
      Date.parse(b.track.start_ts) - Date.parse(a.track.start_ts),
  );
  return ranked[0] ?? null;
}

/**
 * One collator for every comparison: `localeCompare(…, { numeric: true })` builds one per call, which was 11 %
 * of the live page's CPU sorting 1,000 runners on each update.
 */
const collator = new Intl.Collator(undefined, { numeric: true });
const compareBib = (a: string | null, b: string | null) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return collator.compare(a, b);
};

const byOrder = (a: Runner, b: Runner) =>
  ORDER[a.status] - ORDER[b.status] || compareBib(a.bib, b.bib) || collator.compare(a.name, b.name);

const groupKey = ({ participant_id, user_id, id }: TrackView["track"]) =>
  // A track bound to its participant (a personal token's) is theirs; else its user_id names them, if any.
  participant_id ? `participant:${participant_id}` : user_id ? `user:${user_id}` : `track:${id}`;

/** A runner before its tracks are looked at: who it is and which tracks (by id, in the state's order) are theirs. */
interface Entry {
  key: string;
  /** Null for an unregistered runner: named after its shown track. */
  participant: { name: string; bib: string | null } | null;
  color: string;
  ids: string[];
}

/** The runners' entries in the order of the participants, then of the tracks: the sort's tie-break. */
function entries(state: Pick<LiveState, "participants" | "tracks">): Entry[] {
  const groups = new Map<string, string[]>();
  for (const [id, view] of Object.entries(state.tracks)) {
    const key = groupKey(view.track);
    const list = groups.get(key);
    if (list) list.push(id);
    else groups.set(key, [id]);
  }
  const out: Entry[] = [];
  const seen = new Set<string>();
  state.participants.forEach((p, index) => {
    const key = p.user_id ? `user:${p.user_id}` : `participant:${p.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    seen.add(`participant:${p.id}`);
    const ids = [...(groups.get(`participant:${p.id}`) ?? []), ...(p.user_id ? (groups.get(key) ?? []) : [])];
    out.push({ key, participant: { name: p.name, bib: p.bib }, color: runnerColor(key, index), ids });
  });
  for (const [key, ids] of groups) {
    if (!seen.has(key)) out.push({ key, participant: null, color: runnerColor(key), ids });
  }
  return out;
}

function toRunner(entry: Entry, state: Pick<LiveState, "tracks">): Runner | null {
  const tracks: TrackView[] = [];
  for (const id of entry.ids) {
    const view = state.tracks[id];
    if (view) tracks.push(view);
  }
  const track = primary(tracks);
  const { key, participant, color } = entry;
  if (participant)
    return { key, ...participant, status: track ? track.track.state : "not_started", track, tracks, color };
  if (!track) return null;
  return {
    key,
    name: track.track.participant?.name ?? track.track.title,
    bib: track.track.participant?.bib ?? null,
    status: track.track.state,
    track,
    tracks,
    color,
  };
}

/**
 * Runners in a stable order (on course first, then by bib and name): the list must not jump under a finger
 * every time someone's distance changes. Built from scratch; the live page keeps a `runnerIndex` instead.
 */
export function runners(state: Pick<LiveState, "participants" | "tracks">): Runner[] {
  const out: Runner[] = [];
  for (const entry of entries(state)) {
    const runner = toRunner(entry, state);
    if (runner) out.push(runner);
  }
  // Array.prototype.sort is stable: ties keep the entries' order.
  return out.sort(byOrder);
}

/** Re-placed runners past which one sort of the whole list is cheaper than moving each. */
const RESORT_ABOVE = 32;

/**
 * `runners(state)` kept up to date between the live page's updates: only the runners whose track views changed
 * are rebuilt, and only those whose status, bib or name changed move in the order (a binary search). Walking,
 * rebuilding and sorting 1,000 runners on each of a phone's updates was the top of its profile. Anything else
 * (other participants, a track added, deleted or given to someone else) builds it all again: rare during a race.
 * Unchanged runners keep their objects, and an update that changed nothing returns the same array.
 */
export function runnerIndex(): (state: Pick<LiveState, "participants" | "tracks">) => Runner[] {
  let participants: LiveState["participants"] | null = null;
  let tracks: LiveState["tracks"] = {};
  let order: Runner[] = [];
  let out: Runner[] = [];
  /** Per runner key: its entry, its place in the entries (the tie-break) and its index in `order`. */
  const byKey = new Map<string, { entry: Entry; rank: number; at: number }>();
  /** Per track id: its runner's key and the group it was filed under. */
  const owner = new Map<string, { runner: string; group: string }>();
  /** The tracks' ids in the state's order. */
  let ids: string[] = [];

  const rankOf = (r: Runner) => byKey.get(r.key)?.rank ?? 0;
  const compare = (a: Runner, b: Runner) => byOrder(a, b) || rankOf(a) - rankOf(b);
  const reindex = () => {
    order.forEach((r, i) => {
      const info = byKey.get(r.key);
      if (info) info.at = i;
    });
  };

  const rebuild = (state: Pick<LiveState, "participants" | "tracks">) => {
    byKey.clear();
    owner.clear();
    order = [];
    ids = Object.keys(state.tracks);
    entries(state).forEach((entry, rank) => {
      for (const id of entry.ids) {
        const view = state.tracks[id];
        if (view) owner.set(id, { runner: entry.key, group: groupKey(view.track) });
      }
      byKey.set(entry.key, { entry, rank, at: -1 });
      const runner = toRunner(entry, state);
      if (runner) order.push(runner);
    });
    order.sort(compare);
    reindex();
  };

  /**
   * The changed runners' keys, or null when the update changed more than tracks' contents: the same ids in the
   * same order (a track deleted and created again in one update comes last: a runner's tracks are in that order).
   */
  const changed = (next: LiveState["tracks"]): Set<string> | null => {
    const dirty = new Set<string>();
    let count = 0;
    for (const id in next) {
      if (ids[count] !== id) return null;
      count += 1;
      const view = next[id];
      if (view === tracks[id]) continue;
      const own = owner.get(id);
      if (!view || !own || own.group !== groupKey(view.track)) return null;
      dirty.add(own.runner);
    }
    return count === ids.length ? dirty : null;
  };

  return (state) => {
    if (state.participants === participants && state.tracks === tracks) return out;
    const dirty = state.participants === participants ? changed(state.tracks) : null;
    participants = state.participants;
    tracks = state.tracks;
    if (!dirty) {
      rebuild(state);
      out = order.slice();
      return out;
    }
    const moved: Runner[] = [];
    for (const key of dirty) {
      const info = byKey.get(key);
      const before = info && order[info.at];
      const now = info && toRunner(info.entry, state);
      // Every runner of a dirty key has tracks (its ids did not change): both are there.
      if (!info || !before || !now) continue;
      order[info.at] = now;
      if (now.status !== before.status || now.bib !== before.bib || now.name !== before.name) moved.push(now);
    }
    if (moved.length > RESORT_ABOVE) order.sort(compare);
    else if (moved.length > 0) {
      // Out of their places all at once, then each put back by a binary search in what is in order.
      const keys = new Set(moved.map((r) => r.key));
      order = order.filter((r) => !keys.has(r.key));
      for (const runner of moved) order.splice(insertionIndex(runner), 0, runner);
    }
    if (moved.length > 0) reindex();
    out = order.slice();
    return out;
  };

  function insertionIndex(runner: Runner): number {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = order[mid];
      if (other && compare(other, runner) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Seconds since the runner's last point, on the server's clock and the spectator's delayed timeline. */
export function secondsSinceLast(
  runner: Runner,
  state: Pick<LiveState, "clockOffsetMs" | "event">,
  now: number,
): number | null {
  const last = runner.track?.track.last;
  if (!last) return null;
  const serverNow = now + state.clockOffsetMs - state.event.delay_sec * 1000;
  return Math.max(0, (serverNow - last[2]) / 1000);
}

/**
 * Server time from which a runner's silence counts: its last point, else its track's start (NaN: neither).
 * Kept per runner object (an unchanged runner keeps its object, runnerIndex): the live page asks about every
 * runner on each update, and parsing each start date again was 5 % of a phone's profile.
 */
const silentFromCache = new WeakMap<Runner, number>();
function silentFrom(runner: Runner): number {
  let at = silentFromCache.get(runner);
  if (at === undefined) {
    const track = runner.track?.track;
    at = track?.last ? track.last[2] : track ? Date.parse(track.start_ts) : Number.NaN;
    silentFromCache.set(runner, at);
  }
  return at;
}

/**
 * A runner on course whose phone has not been heard from for a while (greyed in the list and on the map);
 * started but no position yet: stale once it has been silent since its start for as long.
 */
export function isStale(
  runner: Runner,
  state: Pick<LiveState, "clockOffsetMs" | "event">,
  now: number,
): boolean {
  if (runner.status !== "running" && runner.status !== "paused") return false;
  const from = silentFrom(runner);
  const serverNow = now + state.clockOffsetMs - state.event.delay_sec * 1000;
  return Number.isFinite(from) && serverNow - from > state.event.stale_after_sec * 1000;
}

/** Initials by name: the live page asks for every runner's on each update. */
const initialsCache = new Map<string, string>();

/** Short text inside the marker: the bib, else initials. */
export function markerText(runner: Pick<Runner, "bib" | "name">): string {
  if (runner.bib) return runner.bib.slice(0, 4);
  const cached = initialsCache.get(runner.name);
  if (cached !== undefined) return cached;
  const initials = runner.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? "")
    .join("");
  if (initialsCache.size > 10_000) initialsCache.clear();
  initialsCache.set(runner.name, initials || "?");
  return initials || "?";
}
