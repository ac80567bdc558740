import type { frTrackers } from "./fr-trackers";

/** Labels of the tracker-app settings: `t.trackers` (English). */
export const enTrackers: typeof frTrackers = {
  title: "Track with an app on your phone",
  lead: "Install one of these free apps and copy these settings: your positions reach the live map. A track opens at your first fix and closes after {idle} without a position, or at the end of the event.",
  secret: "This token is personal: do not share it.",
  traccar: {
    name: "Traccar Client (Android, iOS)",
    steps:
      "In Settings: paste the server URL and the device identifier, accuracy “high”, then turn tracking on.",
    serverUrl: "Server URL",
    deviceId: "Device identifier",
  },
  owntracks: {
    name: "OwnTracks (Android, iOS)",
    steps:
      "Settings → Connection: mode HTTP, the URL below; identification: any user name, password = your token.",
    mode: "Mode",
    url: "URL",
    username: "User name",
    password: "Password",
  },
  gpslogger: {
    name: "GPSLogger (Android)",
    steps: "Logging details → Log to custom URL: turn it on, paste the URL, method GET.",
    url: "URL to paste",
    method: "HTTP method",
  },
};
