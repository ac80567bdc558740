"use client";
import { useRef } from "react";
import type { Dictionary } from "~/lib/i18n";
import { FieldError } from "./field-error";
import type { FieldErrors, ParticipantRow } from "./use-event-form";

const FIELDS = [
  { field: "name", id: "p-name", maxLength: 200, label: "participantName" },
  { field: "bib", id: "p-bib", maxLength: 20, label: "bib" },
  { field: "user_id", id: "p-user", maxLength: 255, label: "userId" },
] as const;

/** A new event's first participants: rows added and removed before the event exists. */
export function ParticipantRows({
  rows,
  onChange,
  errors,
  t,
}: {
  rows: ParticipantRow[];
  onChange: (update: (rows: ParticipantRow[]) => ParticipantRow[]) => void;
  errors: FieldErrors;
  t: Dictionary;
}) {
  const nextKey = useRef(1);
  return (
    <fieldset className="card form">
      <legend className="visually-hidden">{t.eventForm.participants}</legend>
      <div>
        <h2>{t.eventForm.participants}</h2>
        <p className="muted small">{t.eventForm.participantsHint}</p>
      </div>
      <FieldError errors={errors} field="participants" />
      <div className="participant-rows">
        {rows.map((p, index) => (
          <div className="participant-row" key={p.key}>
            {FIELDS.map(({ field, id, maxLength, label }) => (
              <div className="field" key={field}>
                <label htmlFor={`${id}-${p.key}`}>{t.eventForm[label]}</label>
                <input
                  id={`${id}-${p.key}`}
                  type="text"
                  value={p[field]}
                  maxLength={maxLength}
                  onChange={(e) => {
                    const value = e.target.value;
                    onChange((all) => all.map((r) => (r.key === p.key ? { ...r, [field]: value } : r)));
                  }}
                />
              </div>
            ))}
            <button
              type="button"
              className="btn btn--ghost"
              aria-label={`${t.common.remove} ${p.name || index + 1}`}
              onClick={() => onChange((all) => all.filter((r) => r.key !== p.key))}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
      <div>
        <button
          type="button"
          className="btn"
          onClick={() => {
            const key = nextKey.current++;
            onChange((all) => [...all, { key, name: "", bib: "", user_id: "" }]);
          }}
        >
          + {t.eventForm.addParticipant}
        </button>
      </div>
    </fieldset>
  );
}
