/** Calendar helpers in an IANA timezone, shared by the server (event status) and the browser (forms). */

export const DEFAULT_TIMEZONE = "Europe/Paris";

function parts(instant: Date, timeZone: string) {
  const values = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(values.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` and `HH:MM` of an instant on the wall clock of `timeZone`. */
export function toLocalDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const p = parts(instant, timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Paris in summer: 120). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant shown as `date` `time` on the wall clock of `timeZone`. Two passes settle the offset around
 * DST changes; a time skipped by a spring-forward lands one hour later, as clocks do.
 */
export function fromLocalDateTime(date: string, time: string, timeZone: string): Date {
  const [y = 0, m = 1, d = 1] = date.split("-").map(Number);
  const [hh = 0, mm = 0] = time.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The end (exclusive) of the local calendar day holding `ms` in `timeZone`, as epoch ms. */
export function endOfLocalDay(ms: number, timeZone: string): number {
  const [y = 0, m = 1, d = 1] = toLocalDateTime(new Date(ms), timeZone).date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return fromLocalDateTime(next, "00:00", timeZone).getTime();
}

/** A `datetime-local` input's value (`YYYY-MM-DDTHH:MM`) for an instant, on `timeZone`'s clock; "" for none. */
export function toDateTimeInput(iso: string | null, timeZone: string): string {
  if (!iso) return "";
  const { date, time } = toLocalDateTime(new Date(iso), timeZone);
  return `${date}T${time}`;
}

/** The instant a `datetime-local` value names on `timeZone`'s clock, as ISO; null when empty. */
export function fromDateTimeInput(value: string, timeZone: string): string | null {
  const [date, time] = value.split("T");
  return date && time ? fromLocalDateTime(date, time, timeZone).toISOString() : null;
}

/** `h:mm` (or `h:mm:ss`) as seconds; null when it is not one. */
export function parseHoursMinutes(text: string): number | null {
  const m = /^\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?\s*$/.exec(text);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : null;
}

export function formatHoursMinutes(seconds: number): string {
  return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** IANA zones this runtime knows, for the timezone select. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
