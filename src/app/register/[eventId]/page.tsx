import type { Metadata } from "next";
import { JoinForm } from "~/app/_components/join/join-form";
import { fmt } from "~/lib/i18n";
import { getI18n } from "~/lib/i18n/server";
import { toLocalDateTime } from "~/lib/time";
import { config } from "~/server/config";
import { getDb } from "~/server/db";
import { isUuid } from "~/server/db/tracks";
import { registrationPreview } from "~/server/services/joining";

export const metadata: Metadata = { title: "Registration" };

/** A public event's self-registration page (private events: invitation only, this page says so). */
export default async function RegisterPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { t } = await getI18n();
  const preview = isUuid(eventId) ? await registrationPreview(await getDb(), eventId) : null;
  if (!preview) {
    return (
      <main className="join-page stack">
        <h1>{t.join.notFoundTitle}</h1>
        <p>{t.join.privateEvent}</p>
      </main>
    );
  }
  const { event } = preview;
  const local = toLocalDateTime(event.startsAt, event.timezone);
  return (
    <main className="join-page stack">
      <h1>{fmt(t.join.registerTitle, { event: event.name })}</h1>
      <p>{fmt(t.join.registerLead, { date: local.date, time: local.time, timezone: event.timezone })}</p>
      {preview.open ? (
        <JoinForm
          eventId={event.id}
          eventName={event.name}
          idleMinutes={Math.round(config().trackers.idleCloseSec / 60)}
        />
      ) : (
        <p className="notice" role="status">
          {preview.full ? t.join.full : t.join.closed}
        </p>
      )}
    </main>
  );
}
