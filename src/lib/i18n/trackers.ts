import type { Locale } from "./index";

/** Labels of the tracker-app settings (app/_components/trackers/app-settings.tsx), French default and English. */
const fr = {
  title: "Suivre avec une application de votre téléphone",
  lead: "Installez l'une de ces applications gratuites et recopiez ces réglages : vos positions arrivent sur la carte en direct. Une trace s'ouvre à votre premier point et se ferme après {idle} sans position, ou à la fin de l'événement.",
  secret: "Ce jeton est personnel : ne le partagez pas.",
  traccar: {
    name: "Traccar Client (Android, iOS)",
    steps:
      "Dans Réglages : collez l'URL du serveur et l'identifiant de l'appareil, précision « élevée », puis activez le suivi.",
    serverUrl: "URL du serveur",
    deviceId: "Identifiant de l'appareil",
  },
  owntracks: {
    name: "OwnTracks (Android, iOS)",
    steps:
      "Réglages → Connexion : mode HTTP, l'URL ci-dessous ; identification : nom d'utilisateur au choix, mot de passe = votre jeton.",
    mode: "Mode",
    url: "URL",
    username: "Nom d'utilisateur",
    password: "Mot de passe",
  },
  gpslogger: {
    name: "GPSLogger (Android)",
    steps: "Journalisation → Journaliser vers une URL personnalisée : activez-la, collez l'URL, méthode GET.",
    url: "URL à coller",
    method: "Méthode HTTP",
  },
};

type Labels = typeof fr;

const en: Labels = {
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

export const trackerLabels: Record<Locale, Labels> = { fr, en };
