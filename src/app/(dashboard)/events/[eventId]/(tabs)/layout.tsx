import Link from "next/link";
import type { ReactNode } from "react";
import { TabLink } from "~/app/_components/tab-link";
import { fmt } from "~/lib/i18n";
import { orNotFound, pageContext } from "~/trpc/server";

/** The event's header and tabs (tracks, participants, tokens, settings). */
export default async function EventLayout({
  params,
  children,
}: {
  params: Promise<{ eventId: string }>;
  children: ReactNode;
}) {
  const { eventId } = await params;
  const base = `/events/${eventId}`;
  const { api, t } = await pageContext(base);
  const event = await orNotFound(api.event.get({ id: eventId }));
  const when = new Intl.DateTimeFormat(t.locale, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: event.timezone,
  }).format(new Date(event.starts_at));
  return (
    <main>
      <nav className="breadcrumbs" aria-label="breadcrumbs">
        <Link href="/events">{t.nav.events}</Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{event.name}</h1>
          <div className="meta-row" style={{ marginTop: "0.4rem" }}>
            <span className={`badge badge--${event.status}`}>{t.events.status[event.status]}</span>
            {event.running_count > 0 && (
              <span className="badge badge--running">
                {fmt(t.events.runningCount, { count: event.running_count })}
              </span>
            )}
            <span className="badge">{event.is_public ? t.events.public : t.events.private}</span>
            <span>{when}</span>
            <span>{event.timezone}</span>
          </div>
        </div>
        <div className="export-links">
          <Link className="btn btn--primary" href={`/live/${event.id}`} data-testid="watch-live">
            ● {t.event.watchLive}
          </Link>
          <Link className="btn" href={`${base}/settings`}>
            {t.common.edit}
          </Link>
        </div>
      </div>
      {event.description && (
        <p className="muted" style={{ whiteSpace: "pre-line" }}>
          {event.description}
        </p>
      )}
      <nav className="tabs" aria-label={event.name}>
        <TabLink href={base} exact>
          {t.event.tabTracks}
          <span className="count">{event.tracks_count}</span>
        </TabLink>
        <TabLink href={`${base}/participants`}>
          {t.event.tabParticipants}
          <span className="count">{event.participants_count}</span>
        </TabLink>
        <TabLink href={`${base}/races`}>{t.race.tab}</TabLink>
        <TabLink href={`${base}/stats`}>{t.stats.tab}</TabLink>
        <TabLink href={`${base}/tokens`}>{t.event.tabTokens}</TabLink>
        <TabLink href={`${base}/live`}>{t.event.tabLive}</TabLink>
        <TabLink href={`${base}/settings`}>{t.event.tabSettings}</TabLink>
      </nav>
      {children}
    </main>
  );
}
