import type { Metadata } from "next";
import { getI18n } from "~/lib/i18n/server";
import Link from "next/link";
import { EventForm } from "~/app/_components/event/event-form";
import { mapTiles } from "~/lib/map-config";
import { timeZones } from "~/lib/time";
import { pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.eventForm.createTitle };
}

export default async function NewEventPage() {
  const { t } = await pageContext("/events/new");
  return (
    <main>
      <nav className="breadcrumbs" aria-label="breadcrumbs">
        <Link href="/events">{t.nav.events}</Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <h1>{t.eventForm.createTitle}</h1>
      </div>
      <EventForm timeZones={timeZones()} tiles={mapTiles()} />
    </main>
  );
}
