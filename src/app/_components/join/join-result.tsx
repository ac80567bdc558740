"use client";
import { CopyButton } from "~/app/_components/copy-button";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TJoinPageResponse } from "~/server/api/schemas/runner";
import { AppSettings } from "~/app/_components/trackers/app-settings";

/** After joining: the personal token (shown this once), its QR code for the phone app, the app settings. */
export function JoinResult({
  joined,
  eventName,
  origin,
  idleMinutes,
}: {
  joined: TJoinPageResponse;
  eventName: string;
  /** This server's address as the phone sees it (the page's origin). */
  origin: string;
  /** When a silent app's track closes (TRACKER_IDLE_CLOSE_SEC), told to the runner. */
  idleMinutes: number;
}) {
  const { t } = useI18n();
  return (
    <div className="stack" data-testid="join-result">
      <h1>{fmt(t.join.joinedTitle, { event: eventName })}</h1>
      {joined.participant.status === "registered" && (
        <p className="notice" role="status">
          {t.join.pending}
        </p>
      )}
      <section className="token-reveal" aria-labelledby="join-token" data-testid="token-reveal">
        <h2 id="join-token">{t.join.tokenTitle}</h2>
        <p className="small" style={{ margin: 0 }}>
          <strong>{t.join.tokenText}</strong>
        </p>
        <div className="secret">
          <code data-testid="raw-token">{joined.token.raw}</code>
          <CopyButton text={joined.token.raw} className="btn" />
        </div>
        <figure className="qr" data-testid="join-qr">
          {/* Drawn on the server by uqr (SVG): no QR web service, works offline. */}
          <img src={joined.qr_data_uri} alt={t.join.qrLabel} width={256} height={256} />
          <figcaption className="small muted">{t.join.qrHint}</figcaption>
        </figure>
      </section>
      <AppSettings baseUrl={origin} token={joined.token.raw} idleMinutes={idleMinutes} />
    </div>
  );
}
