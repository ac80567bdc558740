"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { formatDistance } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TRaceResponse } from "~/server/api/schemas/race";
import { api, apiError } from "~/trpc/client";
import { RaceCheckpoints } from "./race-checkpoints";
import { RaceEntries } from "./race-entries";
import { RaceForm } from "./race-form";
import "./race.css";

/**
 * The organiser's races: create one, set its rules (start mode, waves, cut-offs…), upload its course, place
 * checkpoints, enter participants and decide their statuses. Each change is saved at once; the page is then
 * read again from the server.
 */
export function RacesManager({
  eventId,
  races,
  participants,
  startsAt,
  timezone,
}: {
  eventId: string;
  races: TRaceResponse[];
  participants: Participant[];
  startsAt: string;
  timezone: string;
}) {
  const { t: all } = useI18n();
  const t = all.race;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      router.refresh();
    } catch (err) {
      setError(apiError(err).message || all.common.genericError);
    }
  };
  return (
    <section className="stack">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {races.map((race) => (
        <RaceCard
          key={race.id}
          eventId={eventId}
          race={race}
          participants={participants}
          timezone={timezone}
          run={run}
        />
      ))}
      <div className="card">
        <h2>{t.newRace}</h2>
        <RaceForm
          key={formKey}
          race={null}
          timezone={timezone}
          defaultStart={startsAt}
          submitLabel={t.create}
          onSave={(fields) =>
            run(async () => {
              await api.race.create.mutate({ event_id: eventId, ...fields });
              setFormKey((k) => k + 1);
            })
          }
        />
      </div>
    </section>
  );
}

type Participant = { id: string; name: string; bib: string | null };

function RaceCard({
  eventId,
  race,
  participants,
  timezone,
  run,
}: {
  eventId: string;
  race: TRaceResponse;
  participants: Participant[];
  timezone: string;
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
        <a className="btn" href={live}>
          {t.leaderboard}
        </a>
        <a className="btn" href={`${live}/results`}>
          {t.results}
        </a>
      </div>
      <details className="race-rules">
        <summary>{all.raceAdmin.editRace}</summary>
        <RaceForm
          race={race}
          timezone={timezone}
          defaultStart={race.start_at}
          submitLabel={all.common.save}
          onSave={(fields) => run(() => api.race.update.mutate({ race_id: race.id, ...fields }))}
        />
      </details>
      {race.course && <RaceCheckpoints race={race} run={run} />}
      <RaceEntries race={race} timezone={timezone} participants={participants} run={run} />
      <div>
        <ConfirmButton
          label={all.raceAdmin.deleteRace}
          title={fmt(all.raceAdmin.deleteTitle, { name: race.name })}
          confirmLabel={all.common.delete}
          onConfirm={() => run(() => api.race.delete.mutate({ race_id: race.id }))}
        >
          <p>{all.raceAdmin.deleteBody}</p>
        </ConfirmButton>
      </div>
    </article>
  );
}
