import { formatDuration } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { TLeaderboardRow } from "~/server/api/schemas/race";

/** "10:41" in the event's timezone. */
export function clock(iso: string | null, locale: string, timeZone: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone }).format(
    new Date(iso),
  );
}

/**
 * What a spectator following someone reads: "passed km 30 at 10:41 · expected at the finish around 11:58",
 * or the finish time once finished.
 */
export function runnerLine(
  row: TLeaderboardRow,
  t: Dictionary["race"],
  locale: string,
  timeZone: string,
): string {
  if (row.status === "finished" && row.time_sec !== null) {
    return fmt(t.finishedAt, {
      time: clock(row.last_checkpoint?.at ?? null, locale, timeZone),
      duration: formatDuration(row.time_sec),
    });
  }
  const parts: string[] = [];
  if (row.last_checkpoint)
    parts.push(
      fmt(t.passedAt, {
        checkpoint: row.last_checkpoint.name,
        time: clock(row.last_checkpoint.at, locale, timeZone),
      }),
    );
  else if (row.status === "not_started") parts.push(t.notStarted);
  if (row.status === "running" && row.predicted_finish)
    parts.push(fmt(t.expectedFinish, { time: clock(row.predicted_finish, locale, timeZone) }));
  if (row.status !== "running" && row.status !== "not_started") parts.push(t.status[row.status]);
  return parts.join(" · ");
}
