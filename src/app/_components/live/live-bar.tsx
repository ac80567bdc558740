"use client";
import { formatAgo, formatDateTime } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { LiveEventInfo } from "~/lib/live/state";
import type { ConnectionStatus } from "./use-live-stream";

/** The live page's title bar: the event, the spectators' delay, the connection status and the replay switch. */
export function LiveBar({
  event,
  status,
  replaying,
  canReplay,
  onReplay,
  onBackToLive,
  t,
}: {
  event: LiveEventInfo;
  status: ConnectionStatus;
  replaying: boolean;
  canReplay: boolean;
  onReplay: () => void;
  onBackToLive: () => void;
  t: Dictionary;
}) {
  const l = t.live;
  const statusLabel = {
    connecting: l.connecting,
    live: l.live,
    reconnecting: l.reconnecting,
    offline: l.offline,
  }[status];
  return (
    <header className="live-bar">
      <div className="live-bar__title">
        <h1>{event.name}</h1>
        <p className="live-bar__meta">
          <span>{formatDateTime(event.starts_at, t.locale, event.timezone)}</span>
          {event.role === "spectator" && event.delay_sec > 0 && (
            <span>{fmt(l.delayed, { delay: formatAgo(event.delay_sec, t.locale) })}</span>
          )}
        </p>
      </div>
      <div className="live-bar__tools">
        {replaying ? (
          <span className="live-status live-status--replay">{l.replayMode}</span>
        ) : (
          <span
            className={`live-status live-status--${status}`}
            role="status"
            aria-label={`${l.connectionStatus} : ${statusLabel}`}
            data-testid="live-status"
            data-status={status}
          >
            {statusLabel}
          </span>
        )}
        {replaying ? (
          <button type="button" className="btn btn--small" onClick={onBackToLive}>
            {l.backToLive}
          </button>
        ) : (
          canReplay && (
            <button type="button" className="btn btn--small btn--primary" onClick={onReplay}>
              {l.replay}
            </button>
          )
        )}
      </div>
    </header>
  );
}
