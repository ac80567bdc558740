import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { screenshot, trpcAs } from "./support/fixtures";
import {
  expectCourse,
  fixes,
  raceWithRavito,
  rest,
  organiserWithoutTiles,
  withoutTiles,
} from "./support/race";

/**
 * The public race pages' course map (leaderboard, runner, results) with no map tiles at all: the course, its
 * km markers and checkpoints beside the rows on a desktop and in a short strip above them on a phone; the
 * runner page's marker where the visitor's (delayed) leaderboard row puts the runner; the share rules.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const organiserPage = organiserWithoutTiles();

async function visitor(browser: Browser, phone: boolean): Promise<Page> {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 860 } },
  );
  await withoutTiles(context);
  return context.newPage();
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * The runner's marker and the distance its label gives; it stands on the (straight, 5 km) course where
 * that distance is, between the start's and the finish's markers.
 */
async function runnerOnCourse(page: Page, name: string): Promise<number> {
  const marker = page.locator(".rfy-marker--runner");
  await expect(marker).toHaveCount(1);
  const title = (await marker.getAttribute("title")) ?? "";
  const km = /^(.+) à ([\d,]+) km$/.exec(title);
  expect(km?.[1], title).toBe(name);
  const distanceM = Number(km?.[2]?.replace(",", ".")) * 1000;
  const start = await centre(page.locator(".rfy-checkpoint--start"));
  const finish = await centre(page.locator(".rfy-checkpoint--finish"));
  const at = await centre(marker);
  const expected = start.y + ((finish.y - start.y) * distanceM) / 5000;
  expect(Math.abs(at.y - expected)).toBeLessThan(3);
  expect(Math.abs(at.x - start.x)).toBeLessThan(3);
  return distanceM;
}

test("the leaderboard, runner and results pages draw the course without tiles, on a desktop and a phone", async ({
  browser,
  request,
}) => {
  const organiser = organiserPage();
  const start = Date.now() - 20 * 60_000;
  const { eventId, token, raceId, tracks, idOf } = await raceWithRavito(organiser, request, start);
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(start, 0, 120, 3.2),
  });
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: fixes(start, 0, 120, 3) });
  const errors: string[] = [];
  const base = `/live/${eventId}/races/${raceId}`;

  const page = await visitor(browser, false);
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base);
  await expectCourse(page);
  await expect(page.locator(".leaflet-tile-loaded")).toHaveCount(0);
  // No runner on the leaderboard's map: the rows say where everyone is.
  await expect(page.locator(".rfy-marker--runner")).toHaveCount(0);
  const board = page.getByTestId("leaderboard");
  await expect(board.getByTestId("board-row")).toHaveCount(2);
  // Beside the rows, not above them.
  const map = await page.getByTestId("course-map").boundingBox();
  const rows = await board.boundingBox();
  expect(map && rows && map.x >= rows.x + rows.width).toBe(true);
  // Keyboard: the map and its checkpoints take the focus; the toggle hides the map and brings it back.
  await expect(page.locator(".leaflet-container")).toHaveAttribute("tabindex", "0");
  await expect(page.locator(".rfy-checkpoint").first()).toHaveAttribute("tabindex", "0");
  const toggle = page.getByTestId("course-map-toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(".rfy-course")).toHaveCount(0);
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expectCourse(page);
  await screenshot(page, "race-course-board-1280");

  await page.goto(`${base}/runners/${idOf("camille")}`);
  await expectCourse(page);
  const camille = await runnerOnCourse(page, "Camille Martin");
  // 119 fixes at 3.2 m/s after the first: ≈ 1.9 km, as her card says.
  expect(camille).toBeGreaterThan(1500);
  expect(camille).toBeLessThan(2000);
  await expect(page.getByTestId("runner-card")).toContainText(
    `${(camille / 1000).toFixed(2).replace(".", ",")} km`,
  );
  await screenshot(page, "race-course-runner-1280");

  await page.goto(`${base}/results`);
  await expect(page.getByTestId("results")).toContainText("Camille Martin");
  await expectCourse(page);

  const phone = await visitor(browser, true);
  phone.on("pageerror", (e) => errors.push(String(e)));
  await phone.goto(base);
  await expectCourse(phone);
  await expect(phone.locator(".leaflet-tile-loaded")).toHaveCount(0);
  // The strip leaves the rows on the first screen, and nothing is wider than the phone.
  const first = await phone.getByTestId("board-row").nth(1).boundingBox();
  expect(first ? first.y + first.height : Number.POSITIVE_INFINITY).toBeLessThan(844);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(phone, "race-course-board-390");
  await phone.goto(`${base}/runners/${idOf("lea")}`);
  await expectCourse(phone);
  expect(await runnerOnCourse(phone, "Léa Petit")).toBeLessThan(camille);
  const row = await phone.getByTestId("board-row").first().boundingBox();
  expect(row?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(844);
  await screenshot(phone, "race-course-runner-390");
  await phone.goto(`${base}/results`);
  await expectCourse(phone);
  await screenshot(phone, "race-course-results-390");
  expect(errors).toEqual([]);
  await page.context().close();
  await phone.context().close();
});

test("a private race's pages: 404 without its share link; with it, the runner's marker keeps the spectator delay", async ({
  browser,
  request,
}) => {
  const organiser = organiserPage();
  const start = Date.now() - 20 * 60_000;
  const { eventId, token, raceId, tracks, idOf } = await raceWithRavito(organiser, request, start, false);
  await trpcAs(organiser, "live.setSpectatorDelay", { event_id: eventId, spectator_delay_sec: 600 });
  // 200 fixes at 3.2 m/s up to ≈ 3 min ago: ≈ 3.2 km now, less than 2 km ten minutes ago.
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(start, 0, 200, 3.2),
  });
  const runner = `/live/${eventId}/races/${raceId}/runners/${idOf("camille")}`;

  const page = await visitor(browser, false);
  for (const path of [
    runner,
    `/live/${eventId}/races/${raceId}`,
    `/live/${eventId}/races/${raceId}/results`,
  ]) {
    const refused = await page.goto(path);
    expect(refused?.status(), path).toBe(404);
    // Nothing of the race's course in the answer: its first point is the event's start, its last is not.
    expect(await refused?.text()).not.toContain("48.8449");
  }
  await expect(page.getByTestId("course-map")).toHaveCount(0);

  const link = await trpcAs<{ key: string }>(organiser, "live.createShareLink", {
    event_id: eventId,
    label: "Famille",
  });
  const accepted = await page.goto(`${runner}?share=${link.key}`);
  expect(accepted?.status()).toBe(200);
  expect(await accepted?.text()).toContain("48.8449");
  await expectCourse(page);
  const delayed = await runnerOnCourse(page, "Camille Martin");

  await organiser.goto(runner);
  await expectCourse(organiser);
  const now = await runnerOnCourse(organiser, "Camille Martin");
  expect(now).toBeGreaterThan(3000);
  // Ten minutes late: about 600 s × 3.2 m/s behind, less the three minutes since her last fix.
  expect(delayed).toBeLessThan(now - 800);
  expect(delayed).toBeGreaterThan(1000);
  await page.context().close();
});
