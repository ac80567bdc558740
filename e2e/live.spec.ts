// Over 300 lines: one spec per feature, its cases side by side (each test stands alone).
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { DISC, discAt, expectDisc } from "./support/discs";
import { loopPoints, screenshot, signInDemo, trpcAs } from "./support/fixtures";

/**
 * Live tracking as spectators see it: a public event's map moving as the app posts points (no reload), a
 * private event refused without its share link, the replay of a finished track, and the phone layout.
 * Events are created as the seeded demo organiser through the dashboard's own tRPC procedures.
 */
test.describe.configure({ mode: "serial" });

const PHONE = { width: 390, height: 844 };
const suffix = Date.now().toString(36);

let organiser: Page;

test.beforeAll(async ({ browser }) => {
  organiser = await browser.newPage();
  await signInDemo(organiser);
  await organiser.goto("/events");
  await expect(organiser).toHaveURL(/\/events$/);
});

test.afterAll(async () => {
  await organiser.close();
});

/** A tRPC call as the signed-in organiser. */
const trpc = <T>(path: string, input: unknown) => trpcAs<T>(organiser, path, input);

async function createEvent(name: string, isPublic: boolean) {
  const today = new Date().toISOString().slice(0, 10);
  const created = await trpc<{ event: { id: string }; token: { raw: string } }>("event.create", {
    name,
    date: today,
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: isPublic,
    start: { lat: 48.8462, lon: 2.3372 },
    participants: [
      { name: "Camille Martin", bib: "42", user_id: "camille" },
      { name: "Léa Petit", bib: "7", user_id: "lea" },
      { name: "Noé Blanc", bib: "12", user_id: "noe" },
    ],
  });
  return { eventId: created.event.id, token: created.token.raw };
}

async function rest(request: APIRequestContext, token: string, method: string, path: string, data?: unknown) {
  const res = await request.fetch(`/api${path}`, {
    method,
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.status() === 204 ? null : ((await res.json()) as Record<string, unknown>);
}

async function startTrack(request: APIRequestContext, token: string, userId: string, start: Date) {
  const created = await rest(request, token, "POST", "/tracks", {
    device_track_id: `${userId}-${Date.now()}`,
    user_id: userId,
    start_ts: start.toISOString(),
  });
  return String(created?.id);
}

/** The runners' discs by colour (participants in the server's order, by bib; see support/discs.ts). */
const NOE = DISC.first;
const CAMILLE = DISC.second;
const LEA = DISC.third;
/** The label pinned over the followed runner's disc. */
const pinned = (page: Page, name: string) => page.locator(".leaflet-tooltip", { hasText: name });
/** Opens the live page and waits until it is hydrated and connected (a click before that would be lost). */
async function openLive(page: Page, path: string) {
  const response = await page.goto(path);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return response;
}

const row = (page: Page, key: string) =>
  page.getByTestId("live-list").locator(`button[data-runner="${key}"]`);

/** Script errors and React's hydration warnings of every spectator page; checked after each test. */
const pageErrors: string[] = [];

async function spectator(browser: Browser, viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport, locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // The refused visitor's 404 is expected; anything else logged as an error is not.
    if (message.type() === "error" && !/status of 404/.test(message.text())) pageErrors.push(message.text());
  });
  return page;
}

test.afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

test("a public event: runners appear, move and finish on the spectator's map without a reload", async ({
  browser,
  request,
}) => {
  const { eventId, token } = await createEvent(`Boucle du parc ${suffix}`, true);
  const start = new Date(Date.now() - 3 * 60_000);
  const camille = await startTrack(request, token, "camille", start);
  // 20 points, one every 5 s: the last one 85 s before now... then the next batch brings it up to date.
  const course = loopPoints(120, start);
  await rest(request, token, "POST", `/tracks/${camille}/points`, { points: course.slice(0, 20) });
  await rest(request, token, "POST", `/tracks/${camille}/points`, { points: course.slice(20, 34) });
  // Noé's phone went silent two minutes ago: still "running", but stale.
  const noe = await startTrack(request, token, "noe", start);
  const noeCourse = loopPoints(120, start).map((p) => ({ ...p, latitude: p.latitude - 0.003 }));
  await rest(request, token, "POST", `/tracks/${noe}/points`, { points: noeCourse.slice(0, 12) });

  const page = await spectator(browser);
  const response = await page.goto(`/live/${eventId}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: `Boucle du parc ${suffix}` })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("live-status")).toHaveText("En direct");
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  // The list: Camille on course with distance, pace and the time since her last point; the others not started.
  await expect(row(page, "user:camille")).toHaveAttribute("data-status", "running");
  await expect(row(page, "user:camille")).toContainText("En course");
  await expect(row(page, "user:camille")).toContainText(/il y a \d+ s/);
  await expect(row(page, "user:lea")).toContainText("Pas parti");
  await expect(row(page, "user:noe")).toHaveAttribute("data-stale", "true");
  await expect(row(page, "user:noe")).toContainText("Signal perdu");
  // Noé's disc is grey, Camille's in her colour.
  await expectDisc(page, NOE, false);
  await expectDisc(page, DISC.stale, true, 100);
  await expectDisc(page, CAMILLE);
  // Trails are drawn on a canvas (one for trails, one for replay ghosts).
  await expect(page.locator(".leaflet-overlay-pane canvas").first()).toBeVisible();
  const distance = row(page, "user:camille").getByTestId("runner-distance");
  const distanceBefore = await distance.textContent();
  const discBefore = await discAt(page, CAMILLE);
  await screenshot(page, "live-01-public-desktop");

  // New points over REST: the marker moves and the distance grows by themselves.
  await rest(request, token, "POST", `/tracks/${camille}/points`, { points: course.slice(34, 36) });
  await expect.poll(() => discAt(page, CAMILLE), { timeout: 5000 }).not.toEqual(discBefore);
  await expect(distance).not.toHaveText(distanceBefore ?? "");
  // Noé's phone is back: no longer stale.
  await rest(request, token, "POST", `/tracks/${noe}/points`, { points: noeCourse.slice(34, 36) });
  await expect(row(page, "user:noe")).toHaveAttribute("data-stale", "false");
  await expectDisc(page, NOE);
  await expectDisc(page, DISC.stale, false, 100);

  // A new runner appears, then pauses; Camille finishes.
  const lea = await startTrack(request, token, "lea", new Date(Date.now() - 30_000));
  await expect(row(page, "user:lea")).toHaveAttribute("data-status", "running");
  await rest(request, token, "POST", `/tracks/${lea}/points`, {
    points: loopPoints(200, new Date(Date.now() - 20_000))
      .slice(0, 4)
      .map((p) => ({ ...p, longitude: p.longitude - 0.004 })),
  });
  await expectDisc(page, LEA);
  await rest(request, token, "PATCH", `/tracks/${lea}`, { state: "paused" });
  await expect(row(page, "user:lea")).toContainText("En pause");
  await rest(request, token, "POST", `/tracks/${camille}/finish`);
  await expect(row(page, "user:camille")).toContainText("Arrivé");

  // Focus a runner from the keyboard: the row is pressed and the marker highlighted.
  await row(page, "user:lea").focus();
  await page.keyboard.press("Enter");
  await expect(row(page, "user:lea")).toHaveAttribute("aria-pressed", "true");
  await expect(pinned(page, "7 · Léa Petit")).toBeVisible();
  await expectDisc(page, DISC.selectedRing);
  await expect(page.getByText("Léa Petit est suivi sur la carte")).toBeVisible();
  await screenshot(page, "live-02-focused");
  await page.keyboard.press("Escape");
  await expect(row(page, "user:lea")).toHaveAttribute("aria-pressed", "false");

  // Connection lost: the indicator says so; what happened meanwhile arrives on reconnection.
  await page.context().setOffline(true);
  await expect(page.getByTestId("live-status")).toHaveText("Reconnexion…");
  await rest(request, token, "PATCH", `/tracks/${lea}`, { state: "running" });
  await page.context().setOffline(false);
  await expect(page.getByTestId("live-status")).toHaveText("En direct", { timeout: 15_000 });
  await expect(row(page, "user:lea")).toContainText("En course");

  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // The phone layout: map on top, the list below it, collapsible.
  const phone = await spectator(browser, PHONE);
  await openLive(phone, `/live/${eventId}`);
  await expectDisc(phone, CAMILLE);
  expect((await phone.locator(".live-map").boundingBox())?.height).toBeGreaterThan(300);
  await screenshot(phone, "live-03-phone");
  const toggle = phone.getByRole("button", { name: "Masquer la liste" });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(phone.getByTestId("live-list")).toBeHidden();
  await phone.getByRole("button", { name: "Afficher la liste" }).click();
  await row(phone, "user:lea").click();
  await expect(pinned(phone, "7 · Léa Petit")).toBeVisible();
  await screenshot(phone, "live-04-phone-focused");
  await phone.context().close();
  await page.context().close();
});

test("a private event refuses a visitor without its share link and accepts one with it", async ({
  browser,
}) => {
  const { eventId } = await createEvent(`Course privée ${suffix}`, false);
  const page = await spectator(browser);

  const refused = await page.goto(`/live/${eventId}`);
  expect(refused?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Suivi en direct indisponible" })).toBeVisible();
  await expect(page.getByText(`Course privée ${suffix}`)).toHaveCount(0);
  await screenshot(page, "live-05-refused");
  expect((await page.goto(`/live/${eventId}?share=not-the-key`))?.status()).toBe(404);

  const link = await trpc<{ id: string; key: string }>("live.createShareLink", {
    event_id: eventId,
    label: "Famille",
  });
  const accepted = await page.goto(`/live/${eventId}?share=${link.key}`);
  expect(accepted?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: `Course privée ${suffix}` })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("live-list")).toContainText("Camille Martin");

  // The organiser sees it without a link; a revoked link stops working.
  expect((await organiser.goto(`/live/${eventId}`))?.status()).toBe(200);
  await trpc("live.revokeShareLink", { id: link.id });
  expect((await page.goto(`/live/${eventId}?share=${link.key}`))?.status()).toBe(404);
  await page.context().close();
});

test("replay of a finished track: slider and playback move the runners on one clock", async ({
  browser,
  request,
}) => {
  const { eventId, token } = await createEvent(`Rediffusion ${suffix}`, true);
  const start = new Date("2026-05-10T07:30:00.000Z");
  const camille = await startTrack(request, token, "camille", start);
  await rest(request, token, "POST", `/tracks/${camille}/points`, { points: loopPoints(240, start) });
  await rest(request, token, "POST", `/tracks/${camille}/finish`);
  // Léa starts two minutes later on a wider loop, and finishes too.
  const leaStart = new Date(start.getTime() + 120_000);
  const lea = await startTrack(request, token, "lea", leaStart);
  const wider = loopPoints(200, leaStart).map((p) => ({ ...p, latitude: p.latitude + 0.002 }));
  await rest(request, token, "POST", `/tracks/${lea}/points`, { points: wider });
  await rest(request, token, "POST", `/tracks/${lea}/finish`);

  const page = await spectator(browser);
  await openLive(page, `/live/${eventId}`);
  await expect(row(page, "user:camille")).toContainText("Arrivé");
  await page.getByRole("button", { name: "Revoir la course" }).click();
  const bar = page.getByTestId("replay-bar");
  await expect(bar).toBeVisible();
  await expect(bar.getByRole("button", { name: "Lecture" })).toBeVisible();
  await expect(bar.getByLabel("Vitesse")).toHaveValue("10");

  // At the start only Camille is out; Léa has not started yet.
  const slider = page.getByTestId("replay-slider");
  await expectDisc(page, CAMILLE);
  await expectDisc(page, LEA, false);
  await expect(row(page, "user:lea")).toContainText("Pas parti");
  const atStart = await discAt(page, CAMILLE);

  const box = await slider.boundingBox();
  if (!box) throw new Error("no slider");
  await slider.click({ position: { x: box.width * 0.5, y: box.height / 2 } });
  await expect.poll(() => discAt(page, CAMILLE)).not.toEqual(atStart);
  await expectDisc(page, LEA);
  await expect(row(page, "user:camille")).toContainText("En course");
  const midway = await discAt(page, CAMILLE);
  await screenshot(page, "live-06-replay-desktop");

  // The keyboard works the slider too; End is the end of the race.
  await slider.focus();
  await page.keyboard.press("End");
  await expect(row(page, "user:camille")).toContainText("Arrivé");

  // Playback at 60×: from the start, the clock runs and the markers move.
  await page.keyboard.press("Home");
  await bar.getByLabel("Vitesse").selectOption("60");
  const clock = bar.locator(".live-replay__clock");
  const clockBefore = await clock.textContent();
  await bar.getByRole("button", { name: "Lecture" }).click();
  await expect(bar.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(clock).not.toHaveText(clockBefore ?? "");
  await page.waitForTimeout(1500);
  await bar.getByRole("button", { name: "Pause" }).click();
  expect(await discAt(page, CAMILLE)).not.toEqual(midway);

  const phone = await spectator(browser, PHONE);
  await openLive(phone, `/live/${eventId}`);
  await phone.getByRole("button", { name: "Revoir la course" }).click();
  const phoneSlider = phone.getByTestId("replay-slider");
  await expect(phoneSlider).toBeVisible();
  await phoneSlider.focus();
  for (let i = 0; i < 6; i++) await phone.keyboard.press("PageUp");
  await screenshot(phone, "live-07-replay-phone");

  await page.getByRole("button", { name: "Retour au direct" }).click();
  await expect(page.getByTestId("live-status")).toBeVisible();
  await phone.context().close();
  await page.context().close();
});

test("English labels for an English-speaking spectator", async ({ browser }) => {
  const { eventId } = await createEvent(`Open run ${suffix}`, true);
  const context = await browser.newContext({
    locale: "en-GB",
    extraHTTPHeaders: { "Accept-Language": "en-GB,en" },
  });
  const page = await context.newPage();
  await openLive(page, `/live/${eventId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await expect(page.getByTestId("live-list")).toContainText("Not started");
  await expect(page.getByRole("button", { name: "Show everyone" })).toBeVisible();
  await context.close();
});
