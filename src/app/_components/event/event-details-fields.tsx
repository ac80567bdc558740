"use client";
import { useMemo } from "react";
import type { Dictionary } from "~/lib/i18n";
import { FieldError, invalidProps } from "./field-error";
import type { EventFormValues, FieldErrors, UpdateValues } from "./use-event-form";

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

/** The event's name, date, start time, timezone, visibility and description. */
export function EventDetailsFields({
  values,
  update,
  errors,
  timeZones,
  t,
}: {
  values: EventFormValues;
  update: UpdateValues;
  errors: FieldErrors;
  timeZones: string[];
  t: Dictionary;
}) {
  return (
    <div className="card form">
      <div className="field">
        <label htmlFor="name">{t.eventForm.name}</label>
        <input
          id="name"
          type="text"
          value={values.name}
          maxLength={120}
          placeholder={t.eventForm.namePlaceholder}
          onChange={(e) => update({ name: e.target.value })}
          required
          {...invalidProps(errors, "name")}
        />
        <FieldError errors={errors} field="name" />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="date">{t.eventForm.date}</label>
          <input
            id="date"
            type="date"
            value={values.date}
            onChange={(e) => update({ date: e.target.value })}
            required
            {...invalidProps(errors, "date")}
          />
          <FieldError errors={errors} field="date" />
        </div>
        <div className="field">
          <label htmlFor="time">{t.eventForm.time}</label>
          <input
            id="time"
            type="time"
            value={values.time}
            onChange={(e) => update({ time: e.target.value })}
            required
            {...invalidProps(errors, "time")}
          />
          <FieldError errors={errors} field="time" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="timezone">{t.eventForm.timezone}</label>
        <TimezoneSelect
          value={values.timezone}
          zones={timeZones}
          onChange={(timezone) => update({ timezone })}
        />
      </div>
      <fieldset className="field">
        <legend>{t.eventForm.visibility}</legend>
        <label className="choice">
          <input
            type="radio"
            name="visibility"
            checked={!values.isPublic}
            onChange={() => update({ isPublic: false })}
          />
          <span>{t.eventForm.privateLabel}</span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="visibility"
            checked={values.isPublic}
            onChange={() => update({ isPublic: true })}
          />
          <span>{t.eventForm.publicLabel}</span>
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="description">
          {t.eventForm.description} <span className="muted small">({t.common.optional})</span>
        </label>
        <textarea
          id="description"
          value={values.description}
          maxLength={5000}
          placeholder={t.eventForm.descriptionPlaceholder}
          onChange={(e) => update({ description: e.target.value })}
        />
      </div>
    </div>
  );
}
