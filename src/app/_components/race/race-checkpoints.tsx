"use client";
import type { FormEvent } from "react";
import { formatDistance } from "~/lib/format";
import { useI18n } from "~/lib/i18n/client";
import type { TRaceResponse } from "~/server/api/schemas/race";
import { api } from "~/trpc/client";

type Run = (work: () => Promise<unknown>) => Promise<void>;

/**
 * A race's checkpoints: start, splits, laps and finish as the course gives them, and the organiser's own
 * points, each renamed, moved to another distance or deleted in place (passings recompute on the server).
 */
export function RaceCheckpoints({ race, run }: { race: TRaceResponse; run: Run }) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    await run(() =>
      api.race.addCheckpoint.mutate({
        race_id: race.id,
        checkpoint: { name: String(data.get("name") ?? ""), distance_m: Number(data.get("km")) * 1000 },
      }),
    );
    form.reset();
  }
  return (
    <>
      <h3>{t.checkpoints}</h3>
      <ul className="race-checkpoints" data-testid="checkpoints">
        {race.checkpoints
          .filter((c) => c.source_id === null)
          .map((c) => (
            <li key={c.id} data-checkpoint={c.id}>
              {c.name} — {formatDistance(c.distance_m, locale)}
            </li>
          ))}
      </ul>
      <ul className="race-checkpoints" data-testid="own-checkpoints">
        {race.checkpoints
          .filter((c) => c.source_id !== null && (c.lap === null || c.lap === 0))
          .map((c) => (
            <li key={c.id}>
              <CheckpointEdit id={c.source_id ?? ""} name={c.name} distanceM={c.distance_m} run={run} />
            </li>
          ))}
      </ul>
      <form className="participant-row" onSubmit={add} data-testid="add-checkpoint">
        <input
          name="name"
          type="text"
          required
          maxLength={80}
          placeholder={t.checkpointName}
          aria-label={t.checkpointName}
        />
        <input
          name="km"
          type="number"
          required
          min="0"
          step="0.01"
          placeholder={t.atKm}
          aria-label={t.atKm}
        />
        <button className="btn" type="submit">
          {t.addCheckpoint}
        </button>
      </form>
    </>
  );
}

function CheckpointEdit({
  id,
  name,
  distanceM,
  run,
}: {
  id: string;
  name: string;
  distanceM: number;
  run: Run;
}) {
  const { t: all } = useI18n();
  const t = all.raceAdmin;
  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    await run(() =>
      api.race.updateCheckpoint.mutate({
        id,
        checkpoint: { name: String(data.get("name") ?? ""), distance_m: Number(data.get("km")) * 1000 },
      }),
    );
  }
  return (
    <form className="participant-row" onSubmit={save} data-testid="checkpoint-row">
      <input name="name" type="text" required maxLength={80} defaultValue={name} aria-label={t.rename} />
      <input
        name="km"
        type="number"
        required
        min="0"
        step="0.01"
        defaultValue={Math.round(distanceM) / 1000}
        aria-label={t.moveTo}
      />
      <button className="btn btn--small" type="submit">
        {all.common.save}
      </button>
      <button
        className="btn btn--small btn--danger"
        type="button"
        onClick={() => run(() => api.race.deleteCheckpoint.mutate({ id }))}
      >
        {all.common.delete}
      </button>
    </form>
  );
}
