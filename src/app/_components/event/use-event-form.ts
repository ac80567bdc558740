import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import type { LatLon, MapMarker } from "~/app/_components/map";
import type { Dictionary } from "~/lib/i18n";
import { DEFAULT_TIMEZONE, toLocalDateTime } from "~/lib/time";
import {
  type TCreateEventResponse,
  type TEventResponse,
  ZCreateEventRequest,
} from "~/server/api/schemas/event";
import { api, apiError } from "~/trpc/client";

/** The event form's state, validation (the API's own zod schema) and submission; the markup is in event-form.tsx. */

export interface ParticipantRow {
  key: number;
  name: string;
  bib: string;
  user_id: string;
}

export type FieldErrors = Partial<
  Record<"name" | "date" | "time" | "timezone" | "start" | "destination" | "participants", string>
>;

/** What the inputs hold (text, as typed: coordinates are parsed on submit and for the map). */
export interface EventFormValues {
  name: string;
  date: string;
  time: string;
  timezone: string;
  isPublic: boolean;
  startLat: string;
  startLon: string;
  destLat: string;
  destLon: string;
  description: string;
  participants: ParticipantRow[];
}

export type UpdateValues = (patch: Partial<EventFormValues>) => void;

export const coord = (value: number | undefined) =>
  value === undefined ? "" : String(Math.round(value * 1e6) / 1e6);

function parseCoord(lat: string, lon: string): { lat: number; lon: number } | null | "invalid" {
  if (lat.trim() === "" && lon.trim() === "") return null;
  const point = { lat: Number(lat.replace(",", ".")), lon: Number(lon.replace(",", ".")) };
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon) || lat.trim() === "" || lon.trim() === "")
    return "invalid";
  return point;
}

function initialValues(event: TEventResponse | undefined): EventFormValues {
  const today = toLocalDateTime(new Date(), event?.timezone ?? DEFAULT_TIMEZONE);
  return {
    name: event?.name ?? "",
    date: event?.date ?? today.date,
    time: event?.time ?? "09:00",
    timezone: event?.timezone ?? DEFAULT_TIMEZONE,
    isPublic: event?.is_public ?? false,
    startLat: coord(event?.start?.lat),
    startLon: coord(event?.start?.lon),
    destLat: coord(event?.destination?.lat),
    destLon: coord(event?.destination?.lon),
    description: event?.description ?? "",
    participants: [],
  };
}

/** Field errors from the parsed coordinates and the API's schema, and the request when there are none. */
function validate(v: EventFormValues, t: Dictionary) {
  const start = parseCoord(v.startLat, v.startLon);
  const destination = parseCoord(v.destLat, v.destLon);
  const next: FieldErrors = {};
  if (start === null) next.start = t.eventForm.startRequired;
  else if (start === "invalid") next.start = t.eventForm.invalidCoord;
  if (destination === "invalid") next.destination = t.eventForm.invalidCoord;
  const parsed = ZCreateEventRequest.safeParse({
    name: v.name,
    date: v.date,
    time: v.time,
    timezone: v.timezone,
    is_public: v.isPublic,
    start: start && start !== "invalid" ? start : { lat: Number.NaN, lon: Number.NaN },
    destination: destination && destination !== "invalid" ? destination : null,
    description: v.description,
    participants: v.participants
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
  return { errors: next, input: Object.keys(next).length === 0 && parsed.success ? parsed.data : null };
}

/** The errors shown that still hold for `current` (a fixed field's goes; new ones wait for the next submit). */
export function stillFailing(shown: FieldErrors, current: FieldErrors): FieldErrors {
  const kept = Object.fromEntries(
    Object.entries(shown).filter(([field]) => current[field as keyof FieldErrors] !== undefined),
  ) as FieldErrors;
  return Object.keys(kept).length === Object.keys(shown).length ? shown : kept;
}

export function useEventForm(event: TEventResponse | undefined, t: Dictionary) {
  const router = useRouter();
  const [values, setValues] = useState(() => initialValues(event));
  const [placing, setPlacing] = useState<"start" | "destination">(event?.start ? "destination" : "start");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<TCreateEventResponse | null>(null);
  const update: UpdateValues = (patch) => setValues((v) => ({ ...v, ...patch }));
  const updateParticipants = (change: (rows: ParticipantRow[]) => ParticipantRow[]) =>
    setValues((v) => ({ ...v, participants: change(v.participants) }));
  // "Required" must not stay beside a field once it is filled in.
  useEffect(() => setErrors((shown) => stillFailing(shown, validate(values, t).errors)), [values, t]);

  const start = parseCoord(values.startLat, values.startLon);
  const destination = parseCoord(values.destLat, values.destLon);
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

  /** A click on the map places the start (then moves on to the finish) or the finish. */
  function place([lat, lon]: LatLon) {
    if (placing === "start") {
      update({ startLat: coord(lat), startLon: coord(lon) });
      if (!destination) setPlacing("destination");
    } else {
      update({ destLat: coord(lat), destLon: coord(lon) });
    }
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    setSaved(false);
    const { errors: found, input } = validate(values, t);
    setErrors(found);
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

  return {
    values,
    update,
    updateParticipants,
    placing,
    setPlacing,
    place,
    markers,
    errors,
    formError,
    saved,
    pending,
    created,
    onSubmit,
  };
}
