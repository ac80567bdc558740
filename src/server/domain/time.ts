/** Times before this cannot come from a GPS device of ours (and a "year 0000" file must not import as 1900). */
export const MIN_PLAUSIBLE_TS = Date.UTC(2000, 0, 1);
/** A device clock may run a little ahead of the server's; more than this is garbage. */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** Whether an epoch-ms time can be a real recording: from 2000-01-01 to 24 h ahead of `nowMs`. */
export function isPlausibleTimestamp(ms: number, nowMs = Date.now()): boolean {
  return Number.isFinite(ms) && ms >= MIN_PLAUSIBLE_TS && ms <= nowMs + MAX_FUTURE_MS;
}
