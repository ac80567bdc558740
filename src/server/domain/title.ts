// Building an Intl.DateTimeFormat costs ≈ 160 µs (a CPU profile of bench:live, where every phone's first
// batch creates its track); events use a handful of timezones: one per locale and zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();
function titleFormat(locale: "fr" | "en", timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
      timeZone,
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    // Timezones come from validated events (IANA names): a bounded set, but bounded here too.
    if (formats.size >= 1000) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/**
 * The auto-title of a track, in the event's timezone: `Sortie du 12 mars à 09h20` (the contract's default, in
 * French), or in English for the dashboard's English users (`Run on 12 March at 09:20`).
 */
export function autoTrackTitle(start: Date, timeZone: string, locale: "fr" | "en" = "fr"): string {
  const parts = titleFormat(locale, timeZone).formatToParts(start);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  if (locale === "en") return `Run on ${part("day")} ${part("month")} at ${part("hour")}:${part("minute")}`;
  const day = part("day") === "1" ? "1er" : part("day");
  return `Sortie du ${day} ${part("month")} à ${part("hour")}h${part("minute")}`;
}

/**
 * Text from a file (a GPX name) as a one-line title: control characters (NUL included, which PostgreSQL text
 * cannot store) become spaces, runs of blanks one space, at most `max` characters.
 */
export function singleLine(text: string, max: number): string | undefined {
  const clean = [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f ? " " : c;
    })
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
  return clean || undefined;
}
