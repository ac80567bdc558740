import { expect, type Page, test } from "@playwright/test";
import { screenshot, signInDemo } from "./support/fixtures";
import { discAt, expectDisc } from "./support/discs";

/**
 * Joining: the organiser invites a participant on the Participants tab, a fresh browser (another person, no
 * session) opens the invitation link, joins, and sees its personal token and the app's QR code; the token
 * then works against the API, confined to that participant.
 */
test.describe.configure({ mode: "serial" });

const suffix = Date.now().toString(36);
let organiser: Page;
let eventId = "";
let inviteUrl = "";
/** The participant's personal token and the REST track it created (test 2), for the live map's test. */
let runnerToken = "";
let restTrackId = "";

test.beforeAll(async ({ browser }) => {
  organiser = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInDemo(organiser);
  const res = await organiser.request.post("/api/trpc/event.create", {
    data: JSON.stringify({
      name: `Invitations ${suffix}`,
      date: new Date().toISOString().slice(0, 10),
      time: "08:00",
      timezone: "Europe/Paris",
      is_public: true,
      start: { lat: 48.8462, lon: 2.3372 },
    }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
  eventId = ((await res.json()) as { result: { data: { event: { id: string } } } }).result.data.event.id;
});

test.afterAll(async () => {
  await organiser.close();
});

test("the organiser invites a participant and gets a link with its QR code", async () => {
  await organiser.goto(`/events/${eventId}/participants`);
  await organiser.locator("#new-name").fill("Camille Martin");
  await organiser.locator("#new-bib").fill("42");
  await organiser.getByRole("button", { name: "+ Inviter" }).click();
  const row = organiser.getByTestId("participants-table").getByRole("row", { name: /Camille Martin/ });
  await expect(row).toContainText("Invité");
  await row.getByText("QR", { exact: true }).click();
  await expect(row.getByRole("img", { name: /Code QR de l'invitation de Camille Martin/ })).toBeVisible();
  inviteUrl = (await row.getByTestId("invite-link").getAttribute("href")) ?? "";
  expect(inviteUrl).toMatch(/\/join\/[A-Za-z0-9_-]{22}$/);
  await screenshot(organiser, "participants-01-invite-1280");
});

test("a fresh browser opens the link, joins and sees its token and QR code once", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const runner = await context.newPage();
  await runner.goto(new URL(inviteUrl).pathname);
  await expect(runner.getByRole("heading", { name: `Invitation : Invitations ${suffix}` })).toBeVisible();
  await expect(runner.getByText("Camille Martin, vous êtes invité·e")).toBeVisible();
  await runner.getByRole("button", { name: "Rejoindre et obtenir mon jeton" }).click();
  const token = (await runner.getByTestId("raw-token").textContent()) ?? "";
  expect(token).toMatch(/^rfy_/);
  runnerToken = token;
  const qr = runner.getByRole("img", { name: /Code QR de connexion/ });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // The tracker apps' settings carry the personal token; a fix sent as Traccar Client sends it lands in a
  // track of this participant.
  const settings = runner.getByTestId("tracker-settings");
  await expect(settings).toBeVisible();
  await expect(runner.getByTestId("traccar-device-id")).toHaveText(token);
  const traccarUrl = (await runner.getByTestId("traccar-url").textContent()) ?? "";
  expect(traccarUrl).toMatch(/\/api\/trackers\/osmand$/);
  const fix = await runner.request.post(
    `${traccarUrl}?id=${encodeURIComponent(token)}&lat=45.19&lon=5.72&timestamp=${Math.floor(Date.now() / 1000)}&speed=5&batt=80`,
  );
  expect(fix.status()).toBe(200);
  const mine = await runner.request.get("/api/tracks", { headers: { "X-API-Key": token } });
  expect(await mine.json()).toMatchObject({ total: 1 });
  await screenshot(runner, "participants-02-joined-390");

  // The token is the participant's own: /me says so, and the track it creates is bound to them.
  const me = await runner.request.get("/api/me", { headers: { "X-API-Key": token } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({
    kind: "participant",
    participant: { name: "Camille Martin", bib: "42" },
  });
  const track = await runner.request.post("/api/tracks", {
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    data: JSON.stringify({ device_track_id: `phone-${suffix}` }),
  });
  expect(track.status()).toBe(201);
  restTrackId = ((await track.json()) as { id: string }).id;

  // The organiser sees who joined, and when.
  await organiser.reload();
  const row = organiser.getByTestId("participants-table").getByRole("row", { name: /Camille Martin/ });
  await expect(row).toContainText("Inscrit");
  await screenshot(organiser, "participants-03-joined-1280");
  await context.close();
});

test("a simulated app posts with the participant's token and the organiser's live map moves", async () => {
  // The REST track of the test above has no position: finished, it leaves the tracker's track on the map.
  const finished = await organiser.request.post(`/api/tracks/${restTrackId}/finish`, {
    headers: { "X-API-Key": runnerToken },
  });
  expect(finished.status()).toBe(200);
  await organiser.goto(`/live/${eventId}`);
  await expect(organiser.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // One row for the participant (the personal token's track is theirs, not a second runner), on course.
  const row = organiser
    .getByTestId("live-list")
    .locator("button[data-runner]", { hasText: "Camille Martin" });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-status", "running");
  const key = (await row.getAttribute("data-runner")) ?? "";
  expect(key).toMatch(/^participant:/);
  // The map draws runners as discs on a canvas: the participant's is found by the colour of its row's chip.
  const color = await row.locator(".live-row__chip").evaluate((el) => {
    const [r = 0, g = 0, b = 0] = (getComputedStyle(el).backgroundColor.match(/\d+/g) ?? []).map(Number);
    return `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  });
  await expectDisc(organiser, color);
  const before = await discAt(organiser, color);
  await screenshot(organiser, "participants-04-live-before-1280");

  // Traccar Client's next fix, 300 m north, as the app sends it (OsmAnd protocol, the token as device id).
  const fix = await organiser.request.get(
    `/api/trackers/osmand?id=${encodeURIComponent(runnerToken)}&lat=45.1927&lon=5.72&timestamp=${Math.floor(Date.now() / 1000)}&speed=5&batt=79`,
  );
  expect(fix.status()).toBe(200);
  // The marker moves by itself (no reload); the distance is left alone: a 300 m jump within seconds may be
  // smoothed away as a GPS outlier, depending on how long the machine took between the two fixes.
  await expect.poll(() => discAt(organiser, color), { timeout: 10_000 }).not.toEqual(before);
  await expect(row).toHaveCount(1);
  await screenshot(organiser, "participants-05-live-moved-1280");
});

test("the public registration page at 390 px", async ({ browser }) => {
  await organiser.goto(`/events/${eventId}/participants`);
  await organiser.getByLabel("Inscriptions ouvertes").check();
  await organiser.getByRole("button", { name: "Enregistrer" }).first().click();
  await expect(organiser.getByText("Réglages enregistrés.")).toBeVisible();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`/register/${eventId}`);
  await page.getByLabel("Nom").fill("Lou Bernard");
  await page.getByRole("button", { name: "M'inscrire" }).click();
  await expect(page.getByTestId("raw-token")).toContainText("rfy_");
  await screenshot(page, "participants-06-registered-390");
  await context.close();
});
