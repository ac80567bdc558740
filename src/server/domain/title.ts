/** The French auto-title of a track: `Sortie du 12 mars à 09h20`, in the event's timezone. */
export function autoTrackTitle(start: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(start);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
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
