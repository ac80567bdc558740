"use client";
import { type FormEvent, useId, useState } from "react";
import { CopyButton } from "~/app/_components/copy-button";
import type { Dictionary } from "~/lib/i18n";
import { fromLocalDateTime } from "~/lib/time";
import { api, apiError } from "~/trpc/client";

/** A new share link (label, optional expiry in the event's timezone); its full address is shown here once. */
export function ShareLinkForm({
  eventId,
  timezone,
  onCreated,
  t,
}: {
  eventId: string;
  timezone: string;
  onCreated: () => Promise<void>;
  t: Dictionary;
}) {
  const id = useId();
  const l = t.live;
  const [revealed, setRevealed] = useState<{ label: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const label = String(data.get("label") ?? "").trim();
    const date = String(data.get("expires_date") ?? "");
    const time = String(data.get("expires_time") ?? "") || "23:59";
    let expiresAt: string | null = null;
    if (date) {
      const at = fromLocalDateTime(date, time, timezone);
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
        setError(l.pastDate);
        return;
      }
      expiresAt = at.toISOString();
    }
    setCreating(true);
    setError(null);
    try {
      const link = await api.live.createShareLink.mutate({
        event_id: eventId,
        label: label || undefined,
        expires_at: expiresAt,
      });
      setRevealed({
        label,
        url: `${window.location.origin}/live/${eventId}?share=${encodeURIComponent(link.key)}`,
      });
      form.reset();
      await onCreated();
    } catch (err) {
      setError(apiError(err).code === "UNAUTHORIZED" ? t.common.sessionExpired : t.common.genericError);
    } finally {
      setCreating(false);
    }
  }

  return (
    <>
      {revealed && (
        <div className="token-reveal" data-testid="share-link-reveal">
          <h3>
            {l.newLinkTitle}
            {revealed.label ? ` — ${revealed.label}` : ""}
          </h3>
          <p className="small" style={{ margin: 0 }}>
            {l.newLinkText}
          </p>
          <div className="secret">
            <code data-testid="share-link-url">{revealed.url}</code>
            <CopyButton text={revealed.url} />
          </div>
        </div>
      )}
      <form className="form" onSubmit={onCreate} aria-labelledby={`${id}-new`}>
        <h4 id={`${id}-new`} style={{ margin: 0 }}>
          {l.newLink}
        </h4>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-label`}>{l.linkLabel}</label>
            <input
              id={`${id}-label`}
              name="label"
              type="text"
              maxLength={100}
              placeholder={l.linkLabelPlaceholder}
            />
          </div>
          <fieldset className="field">
            <legend>{l.expiresAt}</legend>
            <div className="coords">
              <input name="expires_date" type="date" aria-label={l.expiresDate} />
              <input name="expires_time" type="time" aria-label={l.expiresTime} />
            </div>
            <span className="hint">
              {l.expiresHint} ({timezone})
            </span>
          </fieldset>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn btn--primary" type="submit" disabled={creating}>
            {creating ? l.creatingLink : l.createLink}
          </button>
        </div>
      </form>
    </>
  );
}
