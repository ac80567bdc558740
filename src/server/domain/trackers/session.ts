import { fromLocalDateTime, toLocalDateTime } from "~/lib/time";

/**
 * Which track a tracker app's fix goes to. One token is one device; its tracks are opened by its fixes:
 * - no track yet, or the newest one closed before this fix's time: a new track starts at the fix;
 * - the newest one still open: the fix joins it, unless it comes more than `idleMs` after that track's last
 *   fix (device time) — then that track is closed and a new one starts at the fix (the lazy close; the
 *   sweep closes tracks whose device went silent, see services/trackers.ts);
 * - the newest one closed, and the fix no later than its end: a late fix of that session (an offline buffer
 *   flushed after the close): it joins it, and its statistics are computed again, as POST /tracks/{id}/points
 *   does after finish;
 * - a fix older than the newest track's start belongs to an earlier session: it goes to the device's track
 *   that had started by then (services/trackers.ts looks it up), or to the newest if none had;
 * - a fix after the event's end opens nothing.
 */
export interface DeviceTrack {
  id: string;
  startTs: number;
  /** The newest fix's device time, null before the first. */
  lastFixTs: number | null;
  /** Closed (statistics computed): its end. */
  endTs: number | null;
  closed: boolean;
}

export type FixRoute =
  | { action: "append"; trackId: string; closed: boolean }
  | { action: "open"; close: string | null }
  | { action: "earlier" }
  | { action: "ended"; endMs: number };

export function routeFix(
  current: DeviceTrack | null,
  fixTs: number,
  rules: { idleMs: number; eventEndMs: number },
): FixRoute {
  if (fixTs > rules.eventEndMs) return { action: "ended", endMs: rules.eventEndMs };
  if (!current) return { action: "open", close: null };
  if (fixTs < current.startTs) return { action: "earlier" };
  if (current.closed) {
    const end = current.endTs ?? current.lastFixTs ?? current.startTs;
    return fixTs <= end
      ? { action: "append", trackId: current.id, closed: true }
      : { action: "open", close: null };
  }
  const last = current.lastFixTs ?? current.startTs;
  if (fixTs - last > rules.idleMs) return { action: "open", close: current.id };
  return { action: "append", trackId: current.id, closed: false };
}

/**
 * The end of an event for its trackers: the end of its day in its own timezone (the day it is "current" on,
 * as the dashboard's status says: services/events.ts eventStatus).
 */
export function eventEndMs(startsAt: Date, timezone: string): number {
  const { date } = toLocalDateTime(startsAt, timezone);
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return fromLocalDateTime(next.toISOString().slice(0, 10), "00:00", timezone).getTime();
}
