/** Earliest time a recording can plausibly carry: nothing here was recorded before 2000. */
export const MIN_PLAUSIBLE_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** How far ahead of our clock a device's clock may run (time zones set wrongly, drift) before we refuse it. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * The one rule for "is this a real recording time?", shared by the file parsers and the API: a time
 * before 2000-01-01 (a GPX year 0000, a device clock never set) or more than 24 h after `nowMs` is not.
 */
export function isPlausibleTimestamp(ms: number, nowMs: number = Date.now()): boolean {
  return Number.isFinite(ms) && ms >= MIN_PLAUSIBLE_TIMESTAMP_MS && ms <= nowMs + MAX_FUTURE_SKEW_MS;
}
