"use client";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";

export interface AppSettingsProps {
  /** The API's base URL as the phone sees it (`https://host/api`). */
  apiUrl: string;
  /** The participant's personal token, shown once. */
  token: string;
  participantId: string;
}

/**
 * THE PLACE FOR THE TRACKER APPS' SETTINGS (OsmAnd / Traccar Client, OwnTracks, GPSLogger): the `trackers`
 * branch fills this component with ready-to-paste settings built from `apiUrl` and `token`. Until then it
 * renders its heading and one line saying which server and token to use.
 */
export function AppSettingsSlot({ apiUrl }: AppSettingsProps) {
  const { t } = useI18n();
  return (
    <section className="card stack" aria-labelledby="app-settings" data-testid="app-settings-slot">
      <h2 id="app-settings">{t.join.appSettings}</h2>
      <p className="muted small">{fmt(t.join.appSettingsNone, { server: apiUrl })}</p>
    </section>
  );
}
