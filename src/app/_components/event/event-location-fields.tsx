"use client";
import { type LatLon, type MapMarker, RunifyMap, type TileConfig } from "~/app/_components/map";
import type { Dictionary } from "~/lib/i18n";
import { FieldError, invalidProps } from "./field-error";
import type { EventFormValues, FieldErrors, UpdateValues } from "./use-event-form";

type Place = "start" | "destination";

/** A latitude and a longitude typed by hand (the map fills them too). */
function CoordInputs({
  place,
  lat,
  lon,
  onLat,
  onLon,
  errors,
  t,
}: {
  place: Place;
  lat: string;
  lon: string;
  onLat: (v: string) => void;
  onLon: (v: string) => void;
  errors: FieldErrors;
  t: Dictionary;
}) {
  const name = t.eventForm[place];
  return (
    <div className="coords">
      <input
        type="text"
        inputMode="decimal"
        aria-label={`${name} — ${t.eventForm.lat}`}
        placeholder={t.eventForm.lat}
        value={lat}
        onChange={(e) => onLat(e.target.value)}
        {...invalidProps(errors, place)}
      />
      <input
        type="text"
        inputMode="decimal"
        aria-label={`${name} — ${t.eventForm.lon}`}
        placeholder={t.eventForm.lon}
        value={lon}
        onChange={(e) => onLon(e.target.value)}
        {...invalidProps(errors, place)}
      />
    </div>
  );
}

/** The start and the optional finish: placed by clicking the map, or typed. */
export function EventLocationFields({
  values,
  update,
  errors,
  placing,
  onPlacing,
  onMapClick,
  markers,
  tiles,
  fitKey,
  t,
}: {
  values: EventFormValues;
  update: UpdateValues;
  errors: FieldErrors;
  placing: Place;
  onPlacing: (place: Place) => void;
  onMapClick: (at: LatLon) => void;
  markers: MapMarker[];
  tiles: TileConfig | null;
  fitKey: string;
  t: Dictionary;
}) {
  return (
    <div className="card form">
      <div className="row">
        <span className="small">{t.eventForm.pickOnMap}</span>
        <div className="segmented">
          <button type="button" aria-pressed={placing === "start"} onClick={() => onPlacing("start")}>
            {t.eventForm.placeStart}
          </button>
          <button
            type="button"
            aria-pressed={placing === "destination"}
            onClick={() => onPlacing("destination")}
          >
            {t.eventForm.placeDestination}
          </button>
        </div>
      </div>
      <RunifyMap
        tiles={tiles}
        markers={markers}
        fitKey={fitKey}
        onMapClick={onMapClick}
        ariaLabel={t.map.label}
        className="rfy-map--short"
      />
      <fieldset className="field">
        <legend>{t.eventForm.start}</legend>
        <CoordInputs
          place="start"
          lat={values.startLat}
          lon={values.startLon}
          onLat={(startLat) => update({ startLat })}
          onLon={(startLon) => update({ startLon })}
          errors={errors}
          t={t}
        />
        <FieldError errors={errors} field="start" />
      </fieldset>
      <fieldset className="field">
        <legend>
          {t.eventForm.destination} <span className="muted small">({t.common.optional})</span>
        </legend>
        <CoordInputs
          place="destination"
          lat={values.destLat}
          lon={values.destLon}
          onLat={(destLat) => update({ destLat })}
          onLon={(destLon) => update({ destLon })}
          errors={errors}
          t={t}
        />
        <FieldError errors={errors} field="destination" />
        {(values.destLat || values.destLon) && (
          <div>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => update({ destLat: "", destLon: "" })}
            >
              {t.eventForm.clearDestination}
            </button>
          </div>
        )}
      </fieldset>
    </div>
  );
}
