"use client";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { trackerSettings } from "~/lib/trackers";
import { CopyButton } from "../copy-button";

function Field({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="tracker-field">
      <span className="small muted">{label}</span>
      <div className="secret">
        <code data-testid={testId}>{value}</code>
        <CopyButton text={value} />
      </div>
    </div>
  );
}

/**
 * Ready settings for the free tracker apps a participant already has (Traccar Client, OwnTracks, GPSLogger),
 * for the join page: the server URL and the personal token where each app expects them. `idleMinutes` is the
 * server's TRACKER_IDLE_CLOSE_SEC in minutes (read on the server: the browser cannot).
 */
export function AppSettings({
  baseUrl,
  token,
  idleMinutes = 30,
}: {
  baseUrl: string;
  token: string;
  idleMinutes?: number;
}) {
  const { t } = useI18n();
  const l = t.trackers;
  const s = trackerSettings(baseUrl, token);
  return (
    <section
      className="tracker-settings"
      aria-labelledby="tracker-settings-title"
      data-testid="tracker-settings"
    >
      <h2 id="tracker-settings-title">{l.title}</h2>
      <p className="small">{fmt(l.lead, { idle: `${idleMinutes} min` })}</p>
      <p className="small">
        <strong>{l.secret}</strong>
      </p>
      <details open>
        <summary>{l.traccar.name}</summary>
        <p className="small muted">{l.traccar.steps}</p>
        <Field label={l.traccar.serverUrl} value={s.traccar.serverUrl} testId="traccar-url" />
        <Field label={l.traccar.deviceId} value={s.traccar.deviceId} testId="traccar-device-id" />
      </details>
      <details>
        <summary>{l.owntracks.name}</summary>
        <p className="small muted">{l.owntracks.steps}</p>
        <Field label={l.owntracks.mode} value={s.owntracks.mode} testId="owntracks-mode" />
        <Field label={l.owntracks.url} value={s.owntracks.url} testId="owntracks-url" />
        <Field label={l.owntracks.username} value={s.owntracks.username} testId="owntracks-username" />
        <Field label={l.owntracks.password} value={s.owntracks.password} testId="owntracks-password" />
      </details>
      <details>
        <summary>{l.gpslogger.name}</summary>
        <p className="small muted">{l.gpslogger.steps}</p>
        <Field label={l.gpslogger.url} value={s.gpslogger.url} testId="gpslogger-url" />
        <Field label={l.gpslogger.method} value={s.gpslogger.method} testId="gpslogger-method" />
      </details>
    </section>
  );
}
