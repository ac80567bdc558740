"use client";
import Link from "next/link";
import type { TileConfig } from "~/app/_components/map";
import { TokenReveal } from "~/app/_components/token-reveal";
import { useI18n } from "~/lib/i18n/client";
import type { TEventResponse } from "~/server/api/schemas/event";
import { EventDetailsFields } from "./event-details-fields";
import { EventLocationFields } from "./event-location-fields";
import { ParticipantRows } from "./participant-rows";
import { useEventForm } from "./use-event-form";

/**
 * Create or edit an event; a new event comes with its first API token, shown here once. State, validation
 * and submission are in use-event-form.ts; the sections in event-details-fields, event-location-fields and
 * participant-rows.
 */
export function EventForm({
  event,
  timeZones,
  tiles,
}: {
  event?: TEventResponse;
  timeZones: string[];
  tiles: TileConfig | null;
}) {
  const { t } = useI18n();
  const form = useEventForm(event, t);
  const { values, update, errors, pending, created } = form;

  if (created) {
    return (
      <div className="stack" data-testid="event-created">
        <div className="alert alert--success" role="status">
          <strong>{t.eventForm.createdTitle}</strong> — {created.event.name}
        </div>
        <TokenReveal raw={created.token.raw} text={t.eventForm.createdText} />
        <div>
          <Link className="btn btn--primary" href={`/events/${created.event.id}`}>
            {t.eventForm.openEvent} →
          </Link>
        </div>
      </div>
    );
  }

  return (
    <form className="form" onSubmit={form.onSubmit} noValidate>
      {form.formError && (
        <div className="alert alert--error" role="alert">
          {form.formError}
        </div>
      )}
      {form.saved && (
        <div className="alert alert--success" role="status">
          {t.eventForm.saved}
        </div>
      )}
      <div className="event-form-layout">
        <EventDetailsFields values={values} update={update} errors={errors} timeZones={timeZones} t={t} />
        <EventLocationFields
          values={values}
          update={update}
          errors={errors}
          placing={form.placing}
          onPlacing={form.setPlacing}
          onMapClick={form.place}
          markers={form.markers}
          tiles={tiles}
          fitKey={event?.id ?? "new"}
          t={t}
        />
      </div>

      {!event && (
        <ParticipantRows
          rows={values.participants}
          onChange={form.updateParticipants}
          errors={errors}
          t={t}
        />
      )}

      <div className="row">
        <button className="btn btn--primary" type="submit" disabled={pending}>
          {event
            ? pending
              ? t.common.saving
              : t.common.save
            : pending
              ? t.eventForm.creating
              : t.eventForm.createButton}
        </button>
        <Link className="btn btn--ghost" href={event ? `/events/${event.id}` : "/events"}>
          {t.common.cancel}
        </Link>
      </div>
    </form>
  );
}
