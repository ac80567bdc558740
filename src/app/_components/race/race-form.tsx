"use client";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { formatHoursMinutes, fromDateTimeInput, parseHoursMinutes, toDateTimeInput } from "~/lib/time";
import { type TRaceFields, START_MODES, type TRaceResponse } from "~/server/api/schemas/race";
import { ACTIVITY_TYPES } from "~/server/domain/activity";

interface CutoffDraft {
  /** The row's React key: rows are removed from the middle. */
  key: number;
  checkpoint_id: string;
  kind: "at" | "after";
  /** A datetime-local value, or h:mm after the start. */
  value: string;
}

const num = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));

/**
 * A race's rules, to create one or edit it: name, activity, start mode and times, laps, virtual splits, DNF
 * and off-course thresholds, and (once the course is there) cut-offs per checkpoint. Times are read and
 * shown on the event's clock. `onSave` gets the fields the API takes (ZRaceFields).
 */
export function RaceForm({
  race,
  timezone,
  defaultStart,
  submitLabel,
  onSave,
}: {
  race: TRaceResponse | null;
  timezone: string;
  defaultStart: string;
  submitLabel: string;
  onSave: (fields: TRaceFields) => Promise<void>;
}) {
  const { t: all } = useI18n();
  const t = all.raceAdmin;
  const prefix = race ? `race-${race.id.slice(0, 8)}` : "race-new";
  const [cutoffs, setCutoffs] = useState<CutoffDraft[]>(() =>
    (race?.cutoffs ?? []).map((c, key) => ({
      key,
      checkpoint_id: c.checkpoint_id,
      kind: c.at ? "at" : "after",
      value: c.at ? toDateTimeInput(c.at, timezone) : formatHoursMinutes(c.after_start_sec ?? 0),
    })),
  );
  const [cutoffError, setCutoffError] = useState<string | null>(null);
  const targets = (race?.checkpoints ?? []).filter((c) => c.kind !== "start");
  const set = (i: number, patch: Partial<CutoffDraft>) =>
    setCutoffs((list) => list.map((c, k) => (k === i ? { ...c, ...patch } : c)));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const time = (name: string) => fromDateTimeInput(String(data.get(name) ?? ""), timezone);
    const inactivity = num(data.get("inactivity"));
    const split = num(data.get("split"));
    const out: TRaceFields["cutoffs"] = [];
    for (const c of cutoffs) {
      const at = c.kind === "at" ? fromDateTimeInput(c.value, timezone) : null;
      const after = c.kind === "after" ? parseHoursMinutes(c.value) : null;
      if (at === null && after === null) {
        setCutoffError(
          `${targets.find((x) => x.id === c.checkpoint_id)?.name ?? c.checkpoint_id}: ${t.cutoffValue}?`,
        );
        return;
      }
      out.push({ checkpoint_id: c.checkpoint_id, at, after_start_sec: after });
    }
    setCutoffError(null);
    await onSave({
      name: String(data.get("name") ?? ""),
      activity_type: String(data.get("activity")) as TRaceFields["activity_type"],
      start_mode: String(data.get("mode")) as TRaceFields["start_mode"],
      start_at: time("start") ?? new Date(defaultStart).toISOString(),
      start_closes_at: time("closes"),
      end_at: time("end"),
      inactivity_dnf_sec: inactivity === null ? null : Math.round(inactivity * 60),
      laps: num(data.get("laps")) ?? 1,
      split_every_m: split && split > 0 ? split * 1000 : null,
      off_course_m: num(data.get("offM")),
      off_course_sec: num(data.get("offSec")),
      cutoffs: out,
    });
  }

  const field = (name: string, label: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`${prefix}-${name}`}>{label}</label>
      {input}
    </div>
  );
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <form className="race-form" onSubmit={submit} data-testid={race ? "race-form" : "new-race"}>
      <div className="race-form__grid">
        {field(
          "name",
          all.race.name,
          <input
            id={id("name")}
            name="name"
            type="text"
            required
            maxLength={120}
            defaultValue={race?.name}
          />,
        )}
        {field(
          "activity",
          t.activity,
          <select id={id("activity")} name="activity" defaultValue={race?.activity_type ?? "run"}>
            {ACTIVITY_TYPES.map((a) => (
              <option key={a} value={a}>
                {all.tracks.activities[a]}
              </option>
            ))}
          </select>,
        )}
        {field(
          "mode",
          t.startMode,
          <select id={id("mode")} name="mode" defaultValue={race?.start_mode ?? "gun"}>
            {START_MODES.map((m) => (
              <option key={m} value={m}>
                {t.startModes[m]}
              </option>
            ))}
          </select>,
        )}
        {field(
          "start",
          all.race.startAt,
          <input
            id={id("start")}
            name="start"
            type="datetime-local"
            defaultValue={toDateTimeInput(race?.start_at ?? defaultStart, timezone)}
          />,
        )}
        {field(
          "closes",
          t.startClosesAt,
          <input
            id={id("closes")}
            name="closes"
            type="datetime-local"
            defaultValue={toDateTimeInput(race?.start_closes_at ?? null, timezone)}
          />,
        )}
        {field(
          "end",
          t.endAt,
          <input
            id={id("end")}
            name="end"
            type="datetime-local"
            defaultValue={toDateTimeInput(race?.end_at ?? null, timezone)}
          />,
        )}
        {field(
          "laps",
          t.laps,
          <input
            id={id("laps")}
            name="laps"
            type="number"
            min="1"
            max="100"
            defaultValue={race?.laps ?? 1}
          />,
        )}
        {field(
          "split",
          all.race.splitEveryKm,
          <input
            id={id("split")}
            name="split"
            type="number"
            min="0"
            step="0.5"
            defaultValue={race ? (race.split_every_m ?? 0) / 1000 : 5}
          />,
        )}
        {field(
          "inactivity",
          t.inactivityMin,
          <input
            id={id("inactivity")}
            name="inactivity"
            type="number"
            min="1"
            max="1440"
            defaultValue={race?.inactivity_dnf_sec ? race.inactivity_dnf_sec / 60 : ""}
          />,
        )}
        {field(
          "offM",
          t.offCourseM,
          <input
            id={id("offM")}
            name="offM"
            type="number"
            min="10"
            max="140"
            defaultValue={race?.off_course_m ?? ""}
          />,
        )}
        {field(
          "offSec",
          t.offCourseSec,
          <input
            id={id("offSec")}
            name="offSec"
            type="number"
            min="10"
            max="3600"
            defaultValue={race?.off_course_sec ?? ""}
          />,
        )}
      </div>
      {race && targets.length > 0 && (
        <fieldset className="race-cutoffs" data-testid="cutoffs">
          <legend>{t.cutoffs}</legend>
          {cutoffs.map((c, i) => (
            <div className="race-cutoff" key={c.key}>
              <select
                aria-label={t.cutoffCheckpoint}
                value={c.checkpoint_id}
                onChange={(e) => set(i, { checkpoint_id: e.currentTarget.value })}
              >
                {targets.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
              <select
                aria-label={t.cutoffKind}
                value={c.kind}
                onChange={(e) => set(i, { kind: e.currentTarget.value as CutoffDraft["kind"], value: "" })}
              >
                <option value="at">{t.cutoffAt}</option>
                <option value="after">{t.cutoffAfter}</option>
              </select>
              <input
                aria-label={t.cutoffValue}
                type={c.kind === "at" ? "datetime-local" : "text"}
                placeholder={c.kind === "after" ? "4:30" : undefined}
                inputMode={c.kind === "after" ? "numeric" : undefined}
                value={c.value}
                onChange={(e) => set(i, { value: e.currentTarget.value })}
              />
              <button
                className="btn btn--small"
                type="button"
                onClick={() => setCutoffs((l) => l.filter((_, k) => k !== i))}
              >
                {t.remove}
              </button>
            </div>
          ))}
          {cutoffError && (
            <p className="form-error" role="alert">
              {cutoffError}
            </p>
          )}
          <button
            className="btn btn--small"
            type="button"
            onClick={() =>
              setCutoffs((l) => [
                ...l,
                {
                  key: Math.max(-1, ...l.map((c) => c.key)) + 1,
                  checkpoint_id: targets.at(-1)?.id ?? "finish",
                  kind: "after",
                  value: "",
                },
              ])
            }
          >
            {t.addCutoff}
          </button>
        </fieldset>
      )}
      <button className="btn btn--primary" type="submit">
        {submitLabel}
      </button>
    </form>
  );
}
