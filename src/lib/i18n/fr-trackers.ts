/** Labels of the tracker-app settings (app/_components/trackers/app-settings.tsx): `t.trackers` (French). */
export const frTrackers = {
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
