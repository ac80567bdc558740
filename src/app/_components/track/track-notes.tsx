"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { api } from "~/trpc/client";

/** A track's notes (issue 15): shown as written, edited in place, saved with PATCH's `notes` (null clears). */
export function TrackNotes({ id, notes }: { id: string; notes: string | null }) {
  const { t } = useI18n();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(notes ?? "");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.track.update.mutate({ id, notes: draft.trim() === "" ? null : draft });
      setEditing(false);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="card" aria-labelledby="notes-title" data-testid="track-notes">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="notes-title">{t.track.notes}</h2>
        {!editing && (
          <button type="button" className="btn btn--small" onClick={() => setEditing(true)}>
            {t.track.notesEdit}
          </button>
        )}
      </div>
      {editing ? (
        <div className="stack">
          <label className="visually-hidden" htmlFor="track-notes-input">
            {t.track.notes}
          </label>
          <textarea
            id="track-notes-input"
            rows={5}
            maxLength={5000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn btn--primary" disabled={saving} onClick={save}>
              {t.track.notesSave}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => {
                setDraft(notes ?? "");
                setEditing(false);
              }}
            >
              {t.track.notesCancel}
            </button>
          </div>
        </div>
      ) : notes ? (
        <p className="track-notes__text">{notes}</p>
      ) : (
        <p className="muted small">{t.track.notesEmpty}</p>
      )}
    </section>
  );
}
