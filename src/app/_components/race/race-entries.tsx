"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { fromDateTimeInput, toDateTimeInput } from "~/lib/time";
import type { TEntriesResponse, TRaceResponse } from "~/server/api/schemas/race";
import { api } from "~/trpc/client";

type Run = (work: () => Promise<unknown>) => Promise<void>;
type Entry = TEntriesResponse["entries"][number];

/** What an organiser decides of a status: automatic, or one of these (DSQ is never automatic). */
const OVERRIDES = ["dnf", "dns", "dsq"] as const;

/**
 * A race's entrants: each one's wave start (wave starts), the status the organiser sets (DNF, DNS, DSQ, or
 * back to automatic), removal; then the event's participants not in this race, to enter.
 */
export function RaceEntries({
  race,
  timezone,
  participants,
  run,
}: {
  race: TRaceResponse;
  timezone: string;
  participants: Array<{ id: string; name: string; bib: string | null }>;
  run: Run;
}) {
  const { t: all } = useI18n();
  const t = all.raceAdmin;
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const reload = useCallback(
    () => api.race.entries.query({ race_id: race.id }).then((r) => setEntries(r.entries)),
    [race.id],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the race changes (version: participants count)
  useEffect(() => {
    void reload().catch(() => setEntries([]));
  }, [reload, race.participants]);
  const entered = new Set((entries ?? []).map((e) => e.participant_id));
  const others = participants.filter((p) => !entered.has(p.id));
  const change = (work: () => Promise<unknown>) =>
    run(async () => {
      await work();
      await reload();
    });
  return (
    <section className="race-entries" data-testid="entries">
      <h3>{t.entrants}</h3>
      {entries !== null && entries.length === 0 && <p className="muted">{t.noEntrants}</p>}
      {(entries ?? []).map((e) => (
        <EntryRow key={e.participant_id} entry={e} race={race} timezone={timezone} change={change} />
      ))}
      {others.length > 0 && (
        <>
          <h4>{t.notEntered}</h4>
          {others.length > 1 && (
            <button
              className="btn btn--small"
              type="button"
              onClick={() =>
                change(async () => {
                  for (const p of others)
                    await api.race.enter.mutate({ race_id: race.id, participant_id: p.id });
                })
              }
            >
              {all.race.enterAll}
            </button>
          )}
          <ul className="race-others">
            {others.map((p) => (
              <li key={p.id}>
                {p.bib && <span className="race-bib">{p.bib}</span>} {p.name}{" "}
                <button
                  className="btn btn--small"
                  type="button"
                  onClick={() =>
                    change(() => api.race.enter.mutate({ race_id: race.id, participant_id: p.id }))
                  }
                >
                  {t.enter}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function EntryRow({
  entry,
  race,
  timezone,
  change,
}: {
  entry: Entry;
  race: TRaceResponse;
  timezone: string;
  change: Run;
}) {
  const { t: all } = useI18n();
  const t = all.raceAdmin;
  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const status = String(data.get("status") ?? "");
    const wave = data.get("wave");
    await change(() =>
      api.race.enter.mutate({
        race_id: race.id,
        participant_id: entry.participant_id,
        status: status === "" ? null : (status as (typeof OVERRIDES)[number]),
        wave_start_at: wave === null ? entry.wave_start_at : fromDateTimeInput(String(wave), timezone),
        start_at: entry.start_at,
        finish_at: entry.finish_at,
      }),
    );
  }
  return (
    <form className="race-entry" onSubmit={save} data-testid="entry" data-participant={entry.participant_id}>
      <span className="race-entry__who">
        {entry.bib && <span className="race-bib">{entry.bib}</span>} {entry.name}
        <span className={`badge race-entry__now race-row--${entry.status_now}`} data-testid="status-now">
          {all.race.status[entry.status_now]}
        </span>
      </span>
      {race.start_mode === "waves" && (
        <input
          name="wave"
          type="datetime-local"
          aria-label={t.wave}
          title={t.wave}
          defaultValue={toDateTimeInput(entry.wave_start_at, timezone)}
        />
      )}
      <select name="status" aria-label={t.status} defaultValue={entry.status ?? ""}>
        <option value="">
          {fmt(t.statusAuto, { status: entry.status === null ? all.race.status[entry.status_now] : "…" })}
        </option>
        {OVERRIDES.map((s) => (
          <option key={s} value={s}>
            {all.race.status[s]}
          </option>
        ))}
      </select>
      <button className="btn btn--small" type="submit">
        {all.common.save}
      </button>
      <button
        className="btn btn--small btn--danger"
        type="button"
        onClick={() => change(() => api.race.leave.mutate({ participant_id: entry.participant_id }))}
      >
        {t.leave}
      </button>
    </form>
  );
}
