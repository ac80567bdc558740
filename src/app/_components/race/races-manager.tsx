"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { formatDistance } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TRaceResponse } from "~/server/api/schemas/race";
import { api, apiError } from "~/trpc/client";
import "./race.css";

/** The organiser's races: create one, upload its course, place checkpoints, enter the participants. */
export function RacesManager({
  eventId,
  races,
  participantIds,
  startsAt,
}: {
  eventId: string;
  races: TRaceResponse[];
  participantIds: string[];
  startsAt: string;
}) {
  const { t: all } = useI18n();
  const t = all.race;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      router.refresh();
    } catch (err) {
      setError(apiError(err).message || all.common.genericError);
    }
  };
  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const every = Number(data.get("split") || 0);
    await run(() =>
      api.race.create.mutate({
        event_id: eventId,
        name: String(data.get("name") ?? ""),
        start_at: new Date(String(data.get("start") || startsAt)).toISOString(),
        split_every_m: every > 0 ? every * 1000 : null,
      }),
    );
  }
  return (
    <section className="stack">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {races.map((race) => (
        <RaceCard key={race.id} eventId={eventId} race={race} participantIds={participantIds} run={run} />
      ))}
      <form className="card" onSubmit={create} data-testid="new-race">
        <h2>{t.newRace}</h2>
        <div className="field">
          <label htmlFor="race-name">{t.name}</label>
          <input id="race-name" name="name" required maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="race-start">{t.startAt}</label>
          <input id="race-start" name="start" type="datetime-local" />
        </div>
        <div className="field">
          <label htmlFor="race-split">{t.splitEveryKm}</label>
          <input id="race-split" name="split" type="number" min="0" step="0.5" defaultValue="5" />
        </div>
        <button className="btn btn--primary" type="submit">
          {t.create}
        </button>
      </form>
    </section>
  );
}

function RaceCard({
  eventId,
  race,
  participantIds,
  run,
}: {
  eventId: string;
  race: TRaceResponse;
  participantIds: string[];
  run: (work: () => Promise<unknown>) => Promise<void>;
}) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  const [uploading, setUploading] = useState(false);
  async function upload(file: File) {
    setUploading(true);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    await run(async () => {
      const res = await fetch(`/api/events/${eventId}/races/${race.id}/course`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ files: [{ name: file.name, data_base64: btoa(binary) }] }),
      });
      if (!res.ok) throw new Error(((await res.json()) as { message?: string }).message ?? res.statusText);
    });
    setUploading(false);
  }
  async function addCheckpoint(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    await run(() =>
      api.race.addCheckpoint.mutate({
        race_id: race.id,
        checkpoint: { name: String(data.get("name") ?? ""), distance_m: Number(data.get("km")) * 1000 },
      }),
    );
  }
  const live = `/live/${eventId}/races/${race.id}`;
  return (
    <article className="card" data-testid="race-card">
      <h2>{race.name}</h2>
      <p className="muted">
        {race.course
          ? `${t.distance} ${formatDistance(race.course.distance_m, locale)} · ${race.course.file ?? ""}`
          : t.noCourse}
        {" · "}
        {fmt(t.entrants, { count: race.participants })}
      </p>
      <div className="export-links">
        <label className="btn">
          {uploading ? t.uploading : t.uploadCourse}
          <input
            type="file"
            accept=".gpx,.tcx,.fit"
            hidden
            data-testid="course-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
        <button
          className="btn"
          type="button"
          onClick={() =>
            run(async () => {
              for (const id of participantIds)
                await api.race.enter.mutate({ race_id: race.id, participant_id: id });
            })
          }
        >
          {t.enterAll}
        </button>
        <a className="btn" href={live}>
          {t.leaderboard}
        </a>
        <a className="btn" href={`${live}/results`}>
          {t.results}
        </a>
      </div>
      {race.course && (
        <>
          <h3>{t.checkpoints}</h3>
          <ul className="race-checkpoints" data-testid="checkpoints">
            {race.checkpoints.map((c) => (
              <li key={c.id}>
                {c.name} — {formatDistance(c.distance_m, locale)}
                {c.source_id && (
                  <>
                    {" "}
                    <button
                      className="btn btn--small"
                      type="button"
                      onClick={() => {
                        const km = window.prompt(t.atKm, String(c.distance_m / 1000));
                        if (km)
                          void run(() =>
                            api.race.updateCheckpoint.mutate({
                              id: c.source_id ?? "",
                              checkpoint: { name: c.name, distance_m: Number(km) * 1000 },
                            }),
                          );
                      }}
                    >
                      {t.move}
                    </button>{" "}
                    <button
                      className="btn btn--small btn--danger"
                      type="button"
                      onClick={() => run(() => api.race.deleteCheckpoint.mutate({ id: c.source_id ?? "" }))}
                    >
                      {all.common.delete}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <form className="participant-row" onSubmit={addCheckpoint}>
            <input
              name="name"
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
      )}
    </article>
  );
}
