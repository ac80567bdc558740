import type { Metadata } from "next";
import { JoinForm } from "~/app/_components/join/join-form";
import { fmt } from "~/lib/i18n";
import { getI18n } from "~/lib/i18n/server";
import { toLocalDateTime } from "~/lib/time";
import { config } from "~/server/config";
import { getDb } from "~/server/db";
import { invitationPreview } from "~/server/services/joining";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

/** A participant's invitation link: who is invited to what; joining (the token) takes a click. */
export default async function InvitationPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const [{ t }, preview] = await Promise.all([getI18n(), invitationPreview(await getDb(), code)]);
  if (!preview) {
    return (
      <main className="join-page stack">
        <h1>{t.join.notFoundTitle}</h1>
        <p>{t.join.notFoundText}</p>
      </main>
    );
  }
  const { event, participant } = preview;
  const local = toLocalDateTime(event.startsAt, event.timezone);
  return (
    <main className="join-page stack">
      <h1>{fmt(t.join.invitedTitle, { event: event.name })}</h1>
      <p>
        {fmt(t.join.invitedLead, {
          name: participant.name,
          event: event.name,
          date: local.date,
          time: local.time,
          timezone: event.timezone,
        })}
      </p>
      <JoinForm
        code={code}
        eventName={event.name}
        idleMinutes={Math.round(config().trackers.idleCloseSec / 60)}
      />
    </main>
  );
}
