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

/**
 * `out` in the order of `previous` when that order still holds: the same runners, none whose status, bib or
 * name changed (what the order depends on). Null when it must be sorted again.
 */
function keptOrder(out: Runner[], previous: Runner[] | undefined): Runner[] | null {
  if (!previous || previous.length !== out.length) return null;
  const byKey = new Map(out.map((r) => [r.key, r]));
  const kept: Runner[] = [];
  for (const before of previous) {
    const now = byKey.get(before.key);
    if (!now || now.status !== before.status || now.bib !== before.bib || now.name !== before.name)
      return null;
    kept.push(now);
  }
  return kept;
}

/**
 * Runners in a stable order (on course first, then by bib and name): the list must not jump under a finger
 * every time someone's distance changes. With `previous` (the list of the last update), its order is kept
 * when nothing it depends on changed: sorting 1,000 runners with a collator on each of the live page's
 * updates was most of building the list.
 */
export function runners(state: Pick<LiveState, "participants" | "tracks">, previous?: Runner[]): Runner[] {
  // A track bound to its participant (a personal token's) is theirs; else its user_id names them, if any.
  const groups = new Map<string, TrackView[]>();
  for (const view of Object.values(state.tracks)) {
    const { participant_id, user_id, id } = view.track;
    const key = participant_id
      ? `participant:${participant_id}`
      : user_id
        ? `user:${user_id}`
        : `track:${id}`;
    const list = groups.get(key) ?? [];
    list.push(view);
    groups.set(key, list);
  }
  const out: Runner[] = [];
  const seen = new Set<string>();
  state.participants.forEach((p, index) => {
    const key = p.user_id ? `user:${p.user_id}` : `participant:${p.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    seen.add(`participant:${p.id}`);
    const tracks = [
      ...(groups.get(`participant:${p.id}`) ?? []),
      ...(p.user_id ? (groups.get(key) ?? []) : []),
    ];
    const track = primary(tracks);
    out.push({
      key,
      name: p.name,
      bib: p.bib,
      status: track ? track.track.state : "not_started",
      track,
      tracks,
      color: runnerColor(key, index),
    });
  });
  for (const [key, tracks] of groups) {
    if (seen.has(key)) continue;
    const track = primary(tracks);
    if (!track) continue;
    out.push({
      key,
      name: track.track.participant?.name ?? track.track.title,
      bib: track.track.participant?.bib ?? null,
      status: track.track.state,
      track,
      tracks,
      color: runnerColor(key),
    });
  }
  return keptOrder(out, previous) ?? out.sort(byOrder);
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

/** A runner on course whose phone has not been heard from for a while (greyed in the list and on the map). */
export function isStale(
  runner: Runner,
  state: Pick<LiveState, "clockOffsetMs" | "event">,
  now: number,
): boolean {
  if (runner.status !== "running" && runner.status !== "paused") return false;
  const since = secondsSinceLast(runner, state, now);
  if (since !== null) return since > state.event.stale_after_sec;
  // Started but no position yet: stale once it has been silent for as long.
  const start = runner.track ? Date.parse(runner.track.track.start_ts) : Number.NaN;
  const serverNow = now + state.clockOffsetMs - state.event.delay_sec * 1000;
  return Number.isFinite(start) && serverNow - start > state.event.stale_after_sec * 1000;
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
