"use client";
import { useCallback, useEffect, useId, useState } from "react";
import { CopyButton } from "~/app/_components/copy-button";
import { useI18n } from "~/lib/i18n/client";
import { api } from "~/trpc/client";
import { ShareLinkForm } from "./share-link-form";
import { type ShareLink, ShareLinksTable } from "./share-links-table";
import { SpectatorDelayForm } from "./spectator-delay-form";

/**
 * The organiser's live settings for one event: the live page's address, the spectators' delay
 * (spectator-delay-form.tsx), and share links for a private event (share-link-form.tsx: the key shown
 * once, optional expiry; share-links-table.tsx: state and revoke). Self-contained: it loads and saves
 * through the tRPC client.
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
  const { t } = useI18n();
  const l = t.live;
  const id = useId();
  const [origin, setOrigin] = useState("");
  const [links, setLinks] = useState<ShareLink[] | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [now, setNow] = useState(0);

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

  return (
    <section className="card stack" aria-labelledby={`${id}-title`} data-testid="share-links-panel">
      <div>
        <h2 id={`${id}-title`}>{l.panelTitle}</h2>
        <p className="muted">{l.panelLead}</p>
        <p className="muted small">{isPublic ? l.publicEvent : l.privateEvent}</p>
        <div className="row">
          <a className="btn btn--primary" href={`/live/${eventId}`} target="_blank" rel="noopener">
            {l.openLive}
          </a>
          {isPublic && origin && <CopyButton text={`${origin}/live/${eventId}`} className="btn" />}
        </div>
      </div>

      <SpectatorDelayForm eventId={eventId} initial={spectatorDelaySec} t={t} />

      <div className="stack">
        <h3>{l.shareLinks}</h3>
        <ShareLinkForm eventId={eventId} timezone={timezone} onCreated={reload} t={t} />
        {loadError && (
          <p className="form-error" role="alert">
            {t.common.genericError}
          </p>
        )}
        {links === null && !loadError ? (
          <p className="muted">{t.common.loading}</p>
        ) : (
          links && <ShareLinksTable links={links} now={now} timezone={timezone} onRevoked={reload} t={t} />
        )}
      </div>
    </section>
  );
}
