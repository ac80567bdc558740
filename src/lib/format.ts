import type { StatUnit } from "~/server/domain/stats/descriptors";
/** Display of track figures, in the organiser's locale ("fr" → 12,34 km). Null or non-finite → "—". */

const DASH = "—";

/**
 * Intl formatters are costly to build (≈ 20–50 µs each, the live page's 1,000 rows built thousands a second:
 * 13 % of its CPU profile) and cheap to reuse: one per locale and options, kept for the page's lifetime.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => F,
): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function numberFormat(locale: string, minDigits: number, maxDigits = minDigits): Intl.NumberFormat {
  return cached(
    `n|${locale}|${minDigits}|${maxDigits}`,
    () =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits }),
  );
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

function number(value: number, locale: string, digits: number): string {
  return numberFormat(locale, digits).format(value);
}

const ok = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

export function formatDistance(meters: number | null | undefined, locale: string): string {
  if (!ok(meters)) return DASH;
  if (meters < 1000) return `${number(meters, locale, 0)} m`;
  return `${number(meters / 1000, locale, meters < 100_000 ? 2 : 1)} km`;
}

/** 1:02:03, or 12:03 under an hour. */
export function formatDuration(seconds: number | null | undefined): string {
  if (!ok(seconds)) return DASH;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  const ss = String(sec).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** 5'12" /km */
export function formatPace(secPerKm: number | null | undefined): string {
  if (!ok(secPerKm) || secPerKm <= 0 || secPerKm > 24 * 3600) return DASH;
  const s = Math.round(secPerKm);
  return `${Math.floor(s / 60)}'${String(s % 60).padStart(2, "0")}" /km`;
}

/**
 * The pace or speed a sport is read in: km/h on a bike, min/km on foot (run, walk, hike). From the speed
 * when the pace is unknown (and the other way round).
 */
export function formatPaceOrSpeed(
  activity: string | null | undefined,
  stats: { pace_sec_per_km?: number | null; mean_speed_mps?: number | null },
  locale: string,
): string {
  const pace = stats.pace_sec_per_km ?? null;
  const speed = stats.mean_speed_mps ?? null;
  if (activity === "bike") return formatSpeed(speed ?? (ok(pace) && pace > 0 ? 1000 / pace : null), locale);
  return formatPace(pace ?? (ok(speed) && speed > 0 ? 1000 / speed : null));
}

export function formatSpeed(mps: number | null | undefined, locale: string): string {
  if (!ok(mps)) return DASH;
  return `${number(mps * 3.6, locale, 1)} km/h`;
}

export function formatElevation(meters: number | null | undefined, locale: string): string {
  if (!ok(meters)) return DASH;
  return `${number(meters, locale, 0)} m`;
}

export function formatCount(value: number | null | undefined, locale: string): string {
  if (!ok(value)) return DASH;
  return numberFormat(locale, 0, 3).format(value);
}

/** Date and time on the wall clock of `timeZone` (the event's), e.g. "14 juin 2026, 09:30". */
export function formatDateTime(iso: string | null | undefined, locale: string, timeZone: string): string {
  if (!iso) return DASH;
  return dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

export function formatDate(
  iso: string,
  locale: string,
  timeZone: string,
  style: "long" | "medium" = "long",
): string {
  return dateTimeFormat(locale, { dateStyle: style, timeZone }).format(new Date(iso));
}

export function formatTime(iso: string, locale: string, timeZone: string): string {
  return dateTimeFormat(locale, { timeStyle: "short", timeZone }).format(new Date(iso));
}

/** "il y a 3 min" / "3 min ago", for last-used times. */
export function formatRelative(iso: string | null, locale: string, now = Date.now()): string | null {
  if (!iso) return null;
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, "second");
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), "hour");
  return rtf.format(Math.round(seconds / 86_400), "day");
}

/** "45 s", "3 min 05 s", "1 h 02 min": how long ago, in the live list, and the spectators' delay. */
export function formatAgo(seconds: number, locale: string): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  const h = Math.floor(s / 3600);
  const m = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  return locale.startsWith("fr") ? `${h} h ${m}` : `${h} h ${m} min`;
}

/** Any statistic by its descriptor's unit (domain/stats/descriptors.ts), so a new statistic shows itself. */
export function formatStat(unit: StatUnit, value: number | null | undefined, locale: string): string {
  switch (unit) {
    case "distance":
      return formatDistance(value, locale);
    case "duration":
      return formatDuration(value);
    case "speed":
      return formatSpeed(value, locale);
    case "pace":
      return formatPace(value);
    case "elevation":
    case "altitude":
      return formatElevation(value, locale);
    case "heartRate":
      return ok(value) ? `${number(value, locale, 0)} bpm` : DASH;
    case "cadence":
      return ok(value) ? `${number(value, locale, 0)} rpm` : DASH;
    case "power":
      return ok(value) ? `${number(value, locale, 0)} W` : DASH;
    case "temperature":
      return ok(value) ? `${number(value, locale, 1)} °C` : DASH;
  }
}
