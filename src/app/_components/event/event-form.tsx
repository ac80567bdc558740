"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useMemo, useState } from "react";
import { type LatLon, RunifyMap, type MapMarker, type TileConfig } from "~/app/_components/map";
import { TokenReveal } from "~/app/_components/token-reveal";
import { useI18n } from "~/lib/i18n/client";
import { DEFAULT_TIMEZONE, toLocalDateTime } from "~/lib/time";
import {
  type TCreateEventResponse,
  type TEventResponse,
  ZCreateEventRequest,
} from "~/server/api/schemas/event";
import { api, apiError } from "~/trpc/client";

interface ParticipantRow {
  key: number;
  name: string;
  bib: string;
  user_id: string;
}

type FieldErrors = Partial<
  Record<"name" | "date" | "time" | "timezone" | "start" | "destination" | "participants", string>
>;

const coord = (value: number | undefined) =>
  value === undefined ? "" : String(Math.round(value * 1e6) / 1e6);

function parseCoord(lat: string, lon: string): { lat: number; lon: number } | null | "invalid" {
  if (lat.trim() === "" && lon.trim() === "") return null;
  const point = { lat: Number(lat.replace(",", ".")), lon: Number(lon.replace(",", ".")) };
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon) || lat.trim() === "" || lon.trim() === "")
    return "invalid";
  return point;
}

function TimezoneSelect({
  value,
  zones,
  onChange,
}: {
  value: string;
  zones: string[];
  onChange: (v: string) => void;
}) {
  const groups = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const zone of zones) {
      const region = zone.includes("/") ? (zone.split("/")[0] ?? "Other") : "UTC";
      map.set(region, [...(map.get(region) ?? []), zone]);
    }
    return [...map.entries()];
  }, [zones]);
  return (
    <select id="timezone" name="timezone" value={value} onChange={(e) => onChange(e.target.value)}>
      {groups.map(([region, list]) => (
        <optgroup key={region} label={region}>
          {list.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** Create or edit an event; a new event comes with its first API token, shown here once. */
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
  const router = useRouter();
  const today = toLocalDateTime(new Date(), event?.timezone ?? DEFAULT_TIMEZONE);
  const [name, setName] = useState(event?.name ?? "");
  const [date, setDate] = useState(event?.date ?? today.date);
  const [time, setTime] = useState(event?.time ?? "09:00");
  const [timezone, setTimezone] = useState(event?.timezone ?? DEFAULT_TIMEZONE);
  const [isPublic, setIsPublic] = useState(event?.is_public ?? false);
  const [startLat, setStartLat] = useState(coord(event?.start?.lat));
  const [startLon, setStartLon] = useState(coord(event?.start?.lon));
  const [destLat, setDestLat] = useState(coord(event?.destination?.lat));
  const [destLon, setDestLon] = useState(coord(event?.destination?.lon));
  const [description, setDescription] = useState(event?.description ?? "");
  const [participants, setParticipants] = useState<ParticipantRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [placing, setPlacing] = useState<"start" | "destination">(event?.start ? "destination" : "start");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<TCreateEventResponse | null>(null);

  const start = parseCoord(startLat, startLon);
  const destination = parseCoord(destLat, destLon);
  const markers: MapMarker[] = [];
  if (start && start !== "invalid")
    markers.push({ id: "start", kind: "start", position: [start.lat, start.lon], label: t.event.start });
  if (destination && destination !== "invalid")
    markers.push({
      id: "destination",
      kind: "destination",
      position: [destination.lat, destination.lon],
      label: t.event.destination,
    });

  function place([lat, lon]: LatLon) {
    if (placing === "start") {
      setStartLat(coord(lat));
      setStartLon(coord(lon));
      if (!destination) setPlacing("destination");
    } else {
      setDestLat(coord(lat));
      setDestLon(coord(lon));
    }
  }

  function validate() {
    const next: FieldErrors = {};
    if (start === null) next.start = t.eventForm.startRequired;
    else if (start === "invalid") next.start = t.eventForm.invalidCoord;
    if (destination === "invalid") next.destination = t.eventForm.invalidCoord;
    const parsed = ZCreateEventRequest.safeParse({
      name,
      date,
      time,
      timezone,
      is_public: isPublic,
      start: start && start !== "invalid" ? start : { lat: Number.NaN, lon: Number.NaN },
      destination: destination && destination !== "invalid" ? destination : null,
      description,
      participants: participants
        .filter((p) => p.name.trim() || p.bib.trim() || p.user_id.trim())
        .map((p) => ({ name: p.name, bib: p.bib, user_id: p.user_id })),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "name" || field === "date" || field === "time" || field === "timezone")
          next[field] ??= t.eventForm.required;
        if (field === "start" && !next.start) next.start = t.eventForm.invalidCoord;
        if (field === "destination") next.destination ??= t.eventForm.invalidCoord;
        if (field === "participants") next.participants ??= t.eventForm.required;
      }
    }
    setErrors(next);
    return Object.keys(next).length === 0 && parsed.success ? parsed.data : null;
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    setSaved(false);
    const input = validate();
    if (!input) return;
    setPending(true);
    try {
      if (event) {
        const { participants: _, ...fields } = input;
        await api.event.update.mutate({ ...fields, id: event.id });
        setSaved(true);
        router.refresh();
      } else {
        setCreated(await api.event.create.mutate(input));
        window.scrollTo({ top: 0 });
      }
    } catch (err) {
      const { code, message } = apiError(err);
      if (code === "CONFLICT") {
        if (/named/.test(message)) setErrors({ name: t.eventForm.nameTaken });
        else setErrors({ participants: t.participants.bibTaken });
      } else setFormError(code === "UNAUTHORIZED" ? t.common.sessionExpired : t.common.genericError);
    } finally {
      setPending(false);
    }
  }

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

  const err = (field: keyof FieldErrors) =>
    errors[field] ? (
      <span className="error" id={`${field}-error`} role="alert">
        {errors[field]}
      </span>
    ) : null;
  const invalid = (field: keyof FieldErrors) =>
    errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {};

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {formError && (
        <div className="alert alert--error" role="alert">
          {formError}
        </div>
      )}
      {saved && (
        <div className="alert alert--success" role="status">
          {t.eventForm.saved}
        </div>
      )}
      <div className="event-form-layout">
        <div className="card form">
          <div className="field">
            <label htmlFor="name">{t.eventForm.name}</label>
            <input
              id="name"
              type="text"
              value={name}
              maxLength={120}
              placeholder={t.eventForm.namePlaceholder}
              onChange={(e) => setName(e.target.value)}
              required
              {...invalid("name")}
            />
            {err("name")}
          </div>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="date">{t.eventForm.date}</label>
              <input
                id="date"
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
                required
                {...invalid("date")}
              />
              {err("date")}
            </div>
            <div className="field">
              <label htmlFor="time">{t.eventForm.time}</label>
              <input
                id="time"
                type="time"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                required
                {...invalid("time")}
              />
              {err("time")}
            </div>
          </div>
          <div className="field">
            <label htmlFor="timezone">{t.eventForm.timezone}</label>
            <TimezoneSelect value={timezone} zones={timeZones} onChange={setTimezone} />
          </div>
          <fieldset className="field">
            <legend>{t.eventForm.visibility}</legend>
            <label className="choice">
              <input type="radio" name="visibility" checked={!isPublic} onChange={() => setIsPublic(false)} />
              <span>{t.eventForm.privateLabel}</span>
            </label>
            <label className="choice">
              <input type="radio" name="visibility" checked={isPublic} onChange={() => setIsPublic(true)} />
              <span>{t.eventForm.publicLabel}</span>
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="description">
              {t.eventForm.description} <span className="muted small">({t.common.optional})</span>
            </label>
            <textarea
              id="description"
              value={description}
              maxLength={5000}
              placeholder={t.eventForm.descriptionPlaceholder}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
        </div>

        <div className="card form">
          <div className="row">
            <span className="small">{t.eventForm.pickOnMap}</span>
            <div className="segmented">
              <button type="button" aria-pressed={placing === "start"} onClick={() => setPlacing("start")}>
                {t.eventForm.placeStart}
              </button>
              <button
                type="button"
                aria-pressed={placing === "destination"}
                onClick={() => setPlacing("destination")}
              >
                {t.eventForm.placeDestination}
              </button>
            </div>
          </div>
          <RunifyMap
            tiles={tiles}
            markers={markers}
            fitKey={event?.id ?? "new"}
            onMapClick={place}
            ariaLabel={t.map.label}
            className="rfy-map--short"
          />
          <fieldset className="field">
            <legend>{t.eventForm.start}</legend>
            <div className="coords">
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${t.eventForm.start} — ${t.eventForm.lat}`}
                placeholder={t.eventForm.lat}
                value={startLat}
                onChange={(e) => setStartLat(e.target.value)}
                {...invalid("start")}
              />
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${t.eventForm.start} — ${t.eventForm.lon}`}
                placeholder={t.eventForm.lon}
                value={startLon}
                onChange={(e) => setStartLon(e.target.value)}
                {...invalid("start")}
              />
            </div>
            {err("start")}
          </fieldset>
          <fieldset className="field">
            <legend>
              {t.eventForm.destination} <span className="muted small">({t.common.optional})</span>
            </legend>
            <div className="coords">
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${t.eventForm.destination} — ${t.eventForm.lat}`}
                placeholder={t.eventForm.lat}
                value={destLat}
                onChange={(e) => setDestLat(e.target.value)}
                {...invalid("destination")}
              />
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${t.eventForm.destination} — ${t.eventForm.lon}`}
                placeholder={t.eventForm.lon}
                value={destLon}
                onChange={(e) => setDestLon(e.target.value)}
                {...invalid("destination")}
              />
            </div>
            {err("destination")}
            {(destLat || destLon) && (
              <div>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => {
                    setDestLat("");
                    setDestLon("");
                  }}
                >
                  {t.eventForm.clearDestination}
                </button>
              </div>
            )}
          </fieldset>
        </div>
      </div>

      {!event && (
        <fieldset className="card form">
          <legend className="visually-hidden">{t.eventForm.participants}</legend>
          <div>
            <h2>{t.eventForm.participants}</h2>
            <p className="muted small">{t.eventForm.participantsHint}</p>
          </div>
          {err("participants")}
          <div className="participant-rows">
            {participants.map((p, index) => {
              const update = (patch: Partial<ParticipantRow>) =>
                setParticipants((rows) => rows.map((r) => (r.key === p.key ? { ...r, ...patch } : r)));
              return (
                <div className="participant-row" key={p.key}>
                  <div className="field">
                    <label htmlFor={`p-name-${p.key}`}>{t.eventForm.participantName}</label>
                    <input
                      id={`p-name-${p.key}`}
                      type="text"
                      value={p.name}
                      maxLength={200}
                      onChange={(e) => update({ name: e.target.value })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`p-bib-${p.key}`}>{t.eventForm.bib}</label>
                    <input
                      id={`p-bib-${p.key}`}
                      type="text"
                      value={p.bib}
                      maxLength={20}
                      onChange={(e) => update({ bib: e.target.value })}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`p-user-${p.key}`}>{t.eventForm.userId}</label>
                    <input
                      id={`p-user-${p.key}`}
                      type="text"
                      value={p.user_id}
                      maxLength={255}
                      onChange={(e) => update({ user_id: e.target.value })}
                    />
                  </div>
                  <button
                    type="button"
                    className="btn btn--ghost"
                    aria-label={`${t.common.remove} ${p.name || index + 1}`}
                    onClick={() => setParticipants((rows) => rows.filter((r) => r.key !== p.key))}
                  >
                    ✕
                  </button>
                </div>
              );
            })}
          </div>
          <div>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setParticipants((rows) => [...rows, { key: nextKey, name: "", bib: "", user_id: "" }]);
                setNextKey((k) => k + 1);
              }}
            >
              + {t.eventForm.addParticipant}
            </button>
          </div>
        </fieldset>
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
