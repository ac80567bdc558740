/**
 * The settings a participant types into each tracker app (README "Tracker apps", docs/trackers.md): built
 * once here, for the join page's component (app/_components/trackers/app-settings.tsx) and the tests that
 * check an app configured this way is understood by the server (src/lib/trackers.test.ts).
 */
export const GPSLOGGER_PLACEHOLDERS =
  "lat=%LAT&lon=%LON&time=%TIME&spd=%SPD&alt=%ALT&acc=%ACC&dir=%DIR&batt=%BATT";

export type TrackerApp = "traccar" | "owntracks" | "gpslogger";
export const TRACKER_APPS: readonly TrackerApp[] = ["traccar", "owntracks", "gpslogger"];

export interface TrackerSettings {
  traccar: { serverUrl: string; deviceId: string };
  owntracks: { mode: "HTTP"; url: string; username: string; password: string };
  gpslogger: { url: string; method: "GET" };
}

export function trackerSettings(baseUrl: string, token: string): TrackerSettings {
  const api = `${baseUrl.replace(/\/+$/, "")}/api/trackers`;
  return {
    traccar: { serverUrl: `${api}/osmand`, deviceId: token },
    owntracks: { mode: "HTTP", url: `${api}/owntracks`, username: "runner", password: token },
    gpslogger: {
      url: `${api}/gpslogger?token=${encodeURIComponent(token)}&${GPSLOGGER_PLACEHOLDERS}`,
      method: "GET",
    },
  };
}
