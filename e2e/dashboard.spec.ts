// Over 300 lines: one spec per feature, its cases side by side (each test stands alone).
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { loopPoints, screenshot } from "./support/fixtures";
import { E2E_TILE_PORT } from "./support/ports";

/**
 * The organiser's journey, in order: sign up, create an event (its first token shown once), send a track
 * with that token over REST, see it in the table, on the map and in the charts, export it, manage tokens,
 * and stay out of another organiser's event.
 */
test.describe.configure({ mode: "serial" });

const email = `orga-${Date.now().toString(36)}@example.test`;
const password = "correct horse battery";
const eventName = `Trail des Crêtes ${Date.now().toString(36)}`;
const POINTS = 240;

let page: Page;
let eventUrl = "";
let firstToken = "";
let trackId = "";

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

async function api(
  request: APIRequestContext,
  token: string,
  method: "GET" | "POST",
  path: string,
  data?: unknown,
) {
  return request.fetch(`/api${path}`, {
    method,
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
}

test("sign up, sign out and sign in again", async () => {
  await page.goto("/");
  await screenshot(page, "00-landing");
  await page.getByRole("link", { name: "Créer un compte" }).first().click();
  await page.getByLabel("Nom").fill("Organisatrice E2E");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByRole("heading", { name: "Aucun événement pour l'instant" })).toBeVisible();
  await screenshot(page, "01-events-empty");

  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("wrong password");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.locator(".alert--error")).toContainText("E-mail ou mot de passe incorrect");
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(email)).toBeVisible();
});

test("a signed-out visitor is sent to the sign-in page", async ({ browser }) => {
  const anonymous = await browser.newPage();
  await anonymous.goto("/events");
  await expect(anonymous).toHaveURL(/\/signin\?callbackUrl=%2Fevents/);
  await anonymous.close();
});

test("create an event: map pick, participants, first token shown once", async () => {
  await page.getByRole("link", { name: "+ Nouvel événement" }).first().click();
  // Sent empty, the name is marked required; the mark goes as soon as the name is typed.
  await page.getByRole("button", { name: "Créer l'événement" }).click();
  await expect(page.getByText("Obligatoire")).toBeVisible();
  await page.getByLabel("Nom", { exact: true }).fill(eventName);
  await expect(page.getByText("Obligatoire")).toHaveCount(0);
  await expect(page.getByLabel("Fuseau horaire")).toHaveValue("Europe/Paris");
  await page.getByLabel("Heure de départ").fill("08:30");
  // The start is picked on the map; the destination is typed.
  await page.locator(".rfy-map .leaflet-container").click({ position: { x: 180, y: 120 } });
  await expect(page.getByLabel("Lieu de départ — Latitude")).not.toHaveValue("");
  await expect(page.locator(".rfy-marker--start")).toBeVisible();
  await page.getByLabel("Lieu d'arrivée — Latitude").fill("48.85");
  await page.getByLabel("Lieu d'arrivée — Longitude").fill("2.35");
  await expect(page.locator(".rfy-marker--destination")).toBeVisible();
  await page.getByLabel("Description").fill("Boucle de 4 km autour du parc.");
  await page.getByRole("button", { name: "+ Ajouter un participant" }).click();
  await page.getByLabel("Nom", { exact: true }).nth(1).fill("Camille Martin");
  await page.getByLabel("Dossard").fill("42");
  await page.getByLabel("user_id").fill("camille");
  await screenshot(page, "02-event-form");
  await page.getByRole("button", { name: "Créer l'événement" }).click();

  const reveal = page.getByTestId("token-reveal");
  await expect(reveal).toBeVisible();
  firstToken = (await page.getByTestId("raw-token").textContent()) ?? "";
  expect(firstToken).toMatch(/^rfy_/);
  await expect(page.getByTestId("curl-example")).toContainText(`-H "X-API-Key: ${firstToken}"`);
  await expect(page.getByTestId("curl-example")).toContainText("/api/tracks");
  await screenshot(page, "03-event-created-token");
  await page.getByRole("link", { name: /Ouvrir l'événement/ }).click();
  await expect(page.getByRole("heading", { name: eventName })).toBeVisible();
  eventUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("tracks-empty")).toBeVisible();
});

test("the token works over REST: a track with points shows in the table", async ({ request }) => {
  const created = await api(request, firstToken, "POST", "/tracks", {
    device_track_id: "phone-1",
    user_id: "camille",
    activity_type: "run",
    start_ts: "2026-05-10T07:30:00.000Z",
  });
  expect(created.status()).toBe(201);
  trackId = ((await created.json()) as { id: string }).id;
  const sent = await api(request, firstToken, "POST", `/tracks/${trackId}/points`, {
    points: loopPoints(POINTS),
  });
  expect(sent.status()).toBe(204);
  const finished = await api(request, firstToken, "POST", `/tracks/${trackId}/finish`);
  expect(finished.status()).toBe(200);
  // A second, still running track of someone who is not a participant.
  const live = await api(request, firstToken, "POST", "/tracks", {
    device_track_id: "phone-2",
    user_id: "guest-7",
  });
  expect(live.status()).toBe(201);

  await page.goto(eventUrl);
  const table = page.getByTestId("tracks-table");
  await expect(table).toBeVisible();
  const row = table.locator("tbody tr", { hasText: "Camille Martin" });
  await expect(row).toContainText("42");
  await expect(row).toContainText("Terminée");
  await expect(row).toContainText(/\d+,\d+ km/);
  await expect(row).toContainText(String(POINTS));
  await expect(table.locator("tbody tr", { hasText: "guest-7" })).toContainText("En cours");
  // The row's thumbnail is the server's static map of the track (GET /api/tracks/{id}/map), loaded.
  const thumb = row.getByTestId("track-thumb");
  await expect(thumb).toHaveAttribute("src", `/api/tracks/${trackId}/map?width=72&height=48`);
  await expect
    .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(72);
  await screenshot(page, "04-tracks-table");

  // Filters: by state, then by participant.
  await page.getByLabel("État").selectOption("running");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/state=running/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await page.getByRole("link", { name: "Effacer les filtres" }).first().click();
  await expect(page).toHaveURL(new RegExp(`${eventUrl}$`));
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("Participant").selectOption("camille");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tbody tr")).toContainText("Camille Martin");
  // Sorting by distance is a link that keeps the filter.
  await page.getByRole("link", { name: /Distance/ }).click();
  await expect(page).toHaveURL(/sort=distance/);
  await expect(page).toHaveURL(/user=camille/);
});

test("the track page: polyline, markers, tiles, stats and charts linked to the map", async () => {
  await page.goto(eventUrl);
  await page
    .getByTestId("tracks-table")
    .locator("tbody tr", { hasText: "Camille Martin" })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(new RegExp(`/tracks/${trackId}$`));

  const path = page.locator(".leaflet-overlay-pane path").first();
  await expect(path).toHaveAttribute("d", /^M[\d.-]+ [\d.-]+L/);
  await expect(page.locator(".rfy-marker--start")).toBeVisible();
  await expect(page.locator(".rfy-marker--finish")).toBeVisible();
  await expect(page.locator(".leaflet-tile-loaded").first()).toBeVisible();
  // Through our tile proxy (disk cache): the browser never asks the tile server itself.
  const tileSources = await page
    .locator(".leaflet-tile-loaded")
    .evaluateAll((tiles) => tiles.map((t) => new URL((t as HTMLImageElement).src).pathname));
  for (const src of tileSources) expect(src).toMatch(/^\/api\/tiles\/\d+\/\d+\/\d+\.png$/);
  const stats = (await (await fetch(`http://127.0.0.1:${E2E_TILE_PORT}/stats`)).json()) as { served: number };
  expect(stats.served).toBeGreaterThan(0);

  const panel = page.getByTestId("track-stats");
  await expect(panel).toContainText("Distance");
  await expect(panel).toContainText(/\d+,\d+ km/);
  await expect(panel).toContainText("Temps en mouvement");
  // The only finished run of the organiser holds every record of its activity.
  const records = page.getByTestId("track-records");
  await expect(records).toContainText("Plus longue distance");
  await expect(records).toContainText("cette sortie");

  await expect(page.locator(".rfy-marker--hover")).toHaveCount(0);
  const chart = page.getByTestId("elevation-chart").locator(".chart__surface");
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  await chart.hover({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
  await expect(page.locator(".rfy-marker--hover")).toBeVisible();
  await expect(page.getByTestId("elevation-chart-cursor")).toBeVisible();
  await expect(page.getByTestId("speed-chart-cursor")).toBeVisible();
  await expect(page.getByTestId("elevation-chart").locator(".readout")).toContainText("km");
  await screenshot(page, "05-track-page");

  // The keyboard moves the same cursor.
  await chart.focus();
  await page.keyboard.press("End");
  await expect(page.locator(".rfy-marker--hover")).toBeVisible();
});

test("export the track as GPX 1.1", async () => {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("export-gpx").click(),
  ]);
  const file = await download.path();
  const gpx = fs.readFileSync(file, "utf8");
  expect(gpx).toContain('version="1.1"');
  expect(gpx.match(/<trkpt /g)?.length).toBe(POINTS);
  expect(gpx).toContain("<time>2026-05-10T07:30:00.000Z</time>");
  expect(gpx).toContain(`<time>${loopPoints(POINTS).at(-1)?.timestamp}</time>`);
});

test("tokens: issue a read-only one (shown once), revoke the first: the API refuses it", async ({
  request,
}) => {
  await page.goto(`${eventUrl}/tokens`);
  const table = page.getByTestId("tokens-table");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText(firstToken.slice(0, 12));

  await page.getByLabel("Libellé").fill("Lecture seule");
  await page.getByLabel("Créer et envoyer des traces").uncheck();
  await page.getByLabel("Supprimer des traces").uncheck();
  await page.getByRole("button", { name: "Émettre le jeton" }).click();
  await expect(page.getByTestId("token-reveal")).toBeVisible();
  const readOnly = (await page.getByTestId("raw-token").textContent()) ?? "";
  expect(readOnly).toMatch(/^rfy_/);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await screenshot(page, "06-tokens");

  expect((await api(request, readOnly, "GET", `/tracks/${trackId}`)).status()).toBe(200);
  expect((await api(request, readOnly, "POST", "/tracks", { device_track_id: "ro" })).status()).toBe(403);

  const firstRow = table.locator("tbody tr", { hasText: "Default" });
  await firstRow.getByRole("button", { name: "Révoquer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Révoquer" }).click();
  await expect(firstRow).toContainText("Révoqué");
  const refused = await api(request, firstToken, "GET", `/tracks/${trackId}`);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { code: string }).code).toBe("UNAUTHORIZED");
  // The page reloaded from the server never shows a raw token again.
  await page.reload();
  await expect(page.getByTestId("token-reveal")).toHaveCount(0);
});

test("another organiser gets a 404 for this event and its track", async ({ browser }) => {
  const other = await browser.newPage();
  await other.goto("/signin");
  await other.getByLabel("E-mail").fill("demo@runify.local");
  await other.getByLabel("Mot de passe").fill("runify-demo");
  await other.getByRole("button", { name: "Se connecter" }).click();
  await expect(other).toHaveURL(/\/events$/);
  await expect(other.getByText(eventName)).toHaveCount(0);
  const response = await other.goto(eventUrl);
  expect(response?.status()).toBe(404);
  await expect(other.getByRole("heading", { name: "Introuvable" })).toBeVisible();
  await screenshot(other, "07-not-found");
  expect((await other.goto(`${eventUrl}/tracks/${trackId}`))?.status()).toBe(404);
  expect((await other.request.get(`/api/tracks/${trackId}/gpx`)).status()).toBe(404);
  await other.close();
});

test("English labels from the toggle; the events list groups the event as current", async () => {
  await page.goto("/events");
  await page.getByRole("button", { name: "EN" }).click();
  await expect(page.getByRole("heading", { name: "My events" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Current/ })).toBeVisible();
  await expect(page.getByTestId("event-card").filter({ hasText: eventName })).toContainText("1 live");
  await screenshot(page, "08-events-en");
  await page.getByRole("button", { name: "FR" }).click();
  await expect(page.getByRole("heading", { name: "Mes événements" })).toBeVisible();
});

test("phone layout", async ({ browser }) => {
  const phone = await browser.newPage({
    viewport: { width: 390, height: 844 },
    storageState: await page.context().storageState(),
  });
  await phone.goto(eventUrl);
  await expect(phone.getByTestId("tracks-table")).toBeVisible();
  await screenshot(phone, "09-phone-tracks");
  await phone.goto(`${eventUrl}/tracks/${trackId}`);
  await expect(phone.locator(".leaflet-overlay-pane path").first()).toBeVisible();
  await screenshot(phone, "10-phone-track");
  await phone.close();
});

test("delete a track from the table", async () => {
  await page.goto(eventUrl);
  const table = page.getByTestId("tracks-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await table
    .locator("tbody tr", { hasText: "guest-7" })
    .getByRole("button", { name: /Supprimer la trace/ })
    .click();
  await page.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).not.toContainText("guest-7");
});

test("import activity files: progress per file, a clear error for a broken one", async () => {
  await page.goto(eventUrl);
  const zone = page.getByTestId("import-files");
  const fixture = path.resolve("../shared/fixtures/real/sample-gpx-garmin.gpx");
  await zone.locator('input[type="file"]').setInputFiles([
    { name: "sample-gpx-garmin.gpx", mimeType: "application/gpx+xml", buffer: fs.readFileSync(fixture) },
    {
      name: "broken.gpx",
      mimeType: "application/gpx+xml",
      buffer: Buffer.from("<gpx><trk><trkseg><trkpt lat="),
    },
  ]);
  const uploads = zone.getByTestId("upload");
  await expect(uploads).toHaveCount(2);
  await expect(uploads.filter({ hasText: "sample-gpx-garmin.gpx" })).toContainText("1 importé(s)", {
    timeout: 20_000,
  });
  await expect(uploads.filter({ hasText: "broken.gpx" }).getByRole("alert")).toContainText(
    /broken\.gpx.*(truncated|XML)/i,
  );
  await screenshot(page, "11-imports");
  // The table now holds the imported track (217 points), and nothing of the broken file.
  const table = page.getByTestId("tracks-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).toContainText("217");
});

test("the Live tab creates a share link that opens the live page of the private event", async ({
  browser,
}) => {
  await page.goto(`${eventUrl}/live`);
  const panel = page.getByTestId("share-links-panel");
  await panel.getByLabel("Libellé").fill("Famille");
  await panel.getByRole("button", { name: "Créer le lien" }).click();
  const url = (await panel.getByTestId("share-link-url").textContent()) ?? "";
  expect(url).toMatch(/\/live\/[0-9a-f-]{36}\?share=/);
  await expect(panel.getByTestId("share-links-table")).toContainText("Famille");
  await screenshot(page, "12-live-tab");
  const visitor = await browser.newPage();
  const refused = await visitor.goto(url.replace(/\?share=.*/, ""));
  expect(refused?.status()).toBe(404);
  const allowed = await visitor.goto(url);
  expect(allowed?.status()).toBe(200);
  await expect(visitor.locator(".leaflet-container")).toBeVisible();
  await visitor.close();
});

test("delete the event after typing its name", async () => {
  await page.goto(`${eventUrl}/settings`);
  await page.getByRole("button", { name: "Supprimer l'événement" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Supprimer" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Tapez le nom de l'événement pour confirmer").fill(eventName);
  await confirm.click();
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText(eventName)).toHaveCount(0);
});
