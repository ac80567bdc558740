import type { Metadata } from "next";
import { getI18n } from "~/lib/i18n/server";
import Link from "next/link";
import { type Dictionary, fmt, fmtCount } from "~/lib/i18n";
import type { TEventResponse } from "~/server/api/schemas/event";
import { pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.events.title };
}

function DateChip({ event, locale }: { event: TEventResponse; locale: string }) {
  const date = new Date(event.starts_at);
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", timeZone: event.timezone }).format(date);
  const month = new Intl.DateTimeFormat(locale, { month: "short", timeZone: event.timezone }).format(date);
  return (
    <span className="date-chip" aria-hidden="true">
      <span className="date-chip__day">{day}</span>
      <span className="date-chip__month">{month.replace(".", "")}</span>
    </span>
  );
}

function EventCard({ event, t }: { event: TEventResponse; t: Dictionary }) {
  const when = new Intl.DateTimeFormat(t.locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: event.timezone,
  }).format(new Date(event.starts_at));
  return (
    <Link href={`/events/${event.id}`} className="event-card" data-testid="event-card">
      <div className="event-card__date">
        <DateChip event={event} locale={t.locale} />
        <div>
          <h3>{event.name}</h3>
          <div className="muted small">{when}</div>
        </div>
      </div>
      <div className="event-card__badges">
        <span className={`badge badge--${event.status}`}>{t.events.status[event.status]}</span>
        {event.running_count > 0 && (
          <span className="badge badge--running">
            {fmt(t.events.runningCount, { count: event.running_count })}
          </span>
        )}
        <span className="badge">{event.is_public ? t.events.public : t.events.private}</span>
      </div>
      <div className="event-card__stats">
        <span>{fmtCount(t.locale, t.events.tracksCount, event.tracks_count)}</span>
        <span>{fmtCount(t.locale, t.events.participantsCount, event.participants_count)}</span>
        {event.timezone !== "Europe/Paris" && <span>{event.timezone}</span>}
      </div>
    </Link>
  );
}

function Group({
  title,
  events,
  t,
  id,
}: {
  title: string;
  events: TEventResponse[];
  t: Dictionary;
  id: string;
}) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 className="section__title" id={id}>
        {title} <span className="count">{events.length}</span>
      </h2>
      {events.length === 0 ? (
        <p className="group-empty">{t.events.emptyGroup}</p>
      ) : (
        <div className="event-grid">
          {events.map((event) => (
            <EventCard key={event.id} event={event} t={t} />
          ))}
        </div>
      )}
    </section>
  );
}

export default async function EventsPage() {
  const { api, t } = await pageContext("/events");
  const events = await api.event.list({});
  const total = events.upcoming.length + events.current.length + events.past.length;
  return (
    <main>
      <div className="page-header">
        <h1>{t.events.title}</h1>
        <Link className="btn btn--primary" href="/events/new">
          + {t.events.newEvent}
        </Link>
      </div>
      {total === 0 ? (
        <div className="card empty">
          <svg width="56" height="56" viewBox="0 0 24 24" aria-hidden="true">
            <path
              fill="currentColor"
              d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14v11z"
            />
          </svg>
          <h2>{t.events.emptyTitle}</h2>
          <p>{t.events.emptyText}</p>
          <Link className="btn btn--primary" href="/events/new">
            + {t.events.newEvent}
          </Link>
        </div>
      ) : (
        <>
          <Group id="current" title={t.events.current} events={events.current} t={t} />
          <Group id="upcoming" title={t.events.upcoming} events={events.upcoming} t={t} />
          <Group id="past" title={t.events.past} events={events.past} t={t} />
        </>
      )}
    </main>
  );
}
