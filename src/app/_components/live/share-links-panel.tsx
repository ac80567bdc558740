"use client";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import type { z } from "zod";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { CopyButton } from "~/app/_components/copy-button";
import { formatDateTime } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { fromLocalDateTime } from "~/lib/time";
import type { ZShareLink } from "~/server/api/schemas/live";
import { api, apiError } from "~/trpc/client";

type ShareLink = z.infer<typeof ZShareLink>;

function linkState(link: ShareLink, now: number): "active" | "expired" | "revoked" {
  if (link.revoked_at) return "revoked";
  if (link.expires_at && Date.parse(link.expires_at) <= now) return "expired";
  return "active";
}

/**
 * The organiser's live settings for one event: the live page's address, the spectators' delay, and share
 * links for a private event (the key shown once, optional expiry, revoke). Self-contained: it loads and
 * saves through the tRPC client.
 */
export function ShareLinksPanel({
  eventId,
  isPublic,
  timezone,
  spectatorDelaySec,
}: {
  eventId: string;
  isPublic: boolean;
  timezone: string;
  /** The event's current delay, when the page knows it (the input starts empty otherwise). */
  spectatorDelaySec?: number;
}) {
  const { t: common } = useI18n();
  const t = common.live;
  const id = useId();
  const [origin, setOrigin] = useState("");
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [revealed, setRevealed] = useState<{ label: string; url: string } | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [delay, setDelay] = useState(spectatorDelaySec === undefined ? "" : String(spectatorDelaySec));
  const [delayMessage, setDelayMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [savingDelay, setSavingDelay] = useState(false);
  const [now, setNow] = useState(0);

  const liveUrl = `${origin}/live/${eventId}`;

  const reload = useCallback(async () => {
    try {
      setLinks(await api.live.shareLinks.query({ event_id: eventId }));
      setLoadError(false);
    } catch {
      setLoadError(true);
    }
    setNow(Date.now());
  }, [eventId]);

  useEffect(() => {
    setOrigin(window.location.origin);
    void reload();
  }, [reload]);

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
        setCreateError(t.pastDate);
        return;
      }
      expiresAt = at.toISOString();
    }
    setCreating(true);
    setCreateError(null);
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
      await reload();
    } catch (error) {
      setCreateError(
        apiError(error).code === "UNAUTHORIZED" ? common.common.sessionExpired : common.common.genericError,
      );
    } finally {
      setCreating(false);
    }
  }

  async function onSaveDelay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = Number(delay);
    if (delay.trim() === "" || !Number.isInteger(value) || value < 0 || value > 3600) {
      setDelayMessage({ ok: false, text: t.delayInvalid });
      return;
    }
    setSavingDelay(true);
    try {
      await api.live.setSpectatorDelay.mutate({ event_id: eventId, spectator_delay_sec: value });
      setDelayMessage({ ok: true, text: t.delaySaved });
    } catch {
      setDelayMessage({ ok: false, text: common.common.genericError });
    } finally {
      setSavingDelay(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="share-links-panel">
      <div>
        <h2 id={`${id}-title`}>{t.panelTitle}</h2>
        <p className="muted">{t.panelLead}</p>
        <p className="muted small">{isPublic ? t.publicEvent : t.privateEvent}</p>
        <div className="row">
          <a className="btn btn--primary" href={`/live/${eventId}`} target="_blank" rel="noopener">
            {t.openLive}
          </a>
          {isPublic && origin && <CopyButton text={liveUrl} className="btn" />}
        </div>
      </div>

      <form className="form" onSubmit={onSaveDelay}>
        <div className="field" style={{ maxWidth: "22rem" }}>
          <label id={`${id}-delay`} htmlFor={`${id}-delay-input`}>
            {t.delayLabel}
          </label>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <input
              id={`${id}-delay-input`}
              type="number"
              inputMode="numeric"
              min={0}
              max={3600}
              step={1}
              value={delay}
              placeholder="0"
              aria-describedby={`${id}-delay-hint`}
              aria-invalid={delayMessage?.ok === false}
              onChange={(e) => {
                setDelay(e.target.value);
                setDelayMessage(null);
              }}
            />
            <button className="btn" type="submit" disabled={savingDelay}>
              {savingDelay ? common.common.saving : common.common.save}
            </button>
          </div>
          <span className="hint" id={`${id}-delay-hint`}>
            {t.delayHint}
          </span>
          {delayMessage && (
            <span className={delayMessage.ok ? "hint" : "error"} role={delayMessage.ok ? "status" : "alert"}>
              {delayMessage.text}
            </span>
          )}
        </div>
      </form>

      <div className="stack">
        <h3>{t.shareLinks}</h3>
        {revealed && (
          <div className="token-reveal" data-testid="share-link-reveal">
            <h3>
              {t.newLinkTitle}
              {revealed.label ? ` — ${revealed.label}` : ""}
            </h3>
            <p className="small" style={{ margin: 0 }}>
              {t.newLinkText}
            </p>
            <div className="secret">
              <code data-testid="share-link-url">{revealed.url}</code>
              <CopyButton text={revealed.url} />
            </div>
          </div>
        )}
        <form className="form" onSubmit={onCreate} aria-labelledby={`${id}-new`}>
          <h4 id={`${id}-new`} style={{ margin: 0 }}>
            {t.newLink}
          </h4>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-label`}>{t.linkLabel}</label>
              <input
                id={`${id}-label`}
                name="label"
                type="text"
                maxLength={100}
                placeholder={t.linkLabelPlaceholder}
              />
            </div>
            <fieldset className="field">
              <legend>{t.expiresAt}</legend>
              <div className="coords">
                <input name="expires_date" type="date" aria-label={t.expiresDate} />
                <input name="expires_time" type="time" aria-label={t.expiresTime} />
              </div>
              <span className="hint">
                {t.expiresHint} ({timezone})
              </span>
            </fieldset>
          </div>
          {createError && (
            <p className="form-error" role="alert">
              {createError}
            </p>
          )}
          <div>
            <button className="btn btn--primary" type="submit" disabled={creating}>
              {creating ? t.creatingLink : t.createLink}
            </button>
          </div>
        </form>

        {loadError && (
          <p className="form-error" role="alert">
            {common.common.genericError}
          </p>
        )}
        {links === null && !loadError ? (
          <p className="muted">{common.common.loading}</p>
        ) : links && links.length === 0 ? (
          <p className="muted">{t.noLinks}</p>
        ) : (
          links && (
            <div className="table-wrap">
              <table className="data" data-testid="share-links-table">
                <thead>
                  <tr>
                    <th scope="col">{t.linkLabel}</th>
                    <th scope="col">{t.created}</th>
                    <th scope="col">{t.expires}</th>
                    <th scope="col">{t.state}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t.revoke}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {links.map((link) => {
                    const state = linkState(link, now);
                    const name = link.label || `${link.prefix}…`;
                    return (
                      <tr key={link.id}>
                        <td>
                          {link.label || <span className="muted">—</span>}{" "}
                          <span className="mono muted">{link.prefix}…</span>
                        </td>
                        <td className="nowrap">{formatDateTime(link.created_at, common.locale, timezone)}</td>
                        <td className="nowrap">
                          {link.expires_at
                            ? formatDateTime(link.expires_at, common.locale, timezone)
                            : t.never}
                        </td>
                        <td>
                          <span
                            className={`badge ${state === "active" ? "badge--current" : "badge--revoked"}`}
                          >
                            {t[state]}
                          </span>
                        </td>
                        <td className="num">
                          {state !== "revoked" && (
                            <ConfirmButton
                              label={t.revoke}
                              className="btn btn--small btn--danger"
                              title={t.revokeTitle}
                              confirmLabel={t.revoke}
                              pendingLabel={t.revoking}
                              onConfirm={async () => {
                                await api.live.revokeShareLink.mutate({ id: link.id });
                                await reload();
                              }}
                            >
                              <p>{fmt(t.revokeConfirm, { label: name })}</p>
                            </ConfirmButton>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        )}
      </div>
    </section>
  );
}
