import { expect, type Page, test } from "@playwright/test";
import { screenshot, signInDemo } from "./support/fixtures";
import { fixes, fixesAfter, raceWithTwoRunners, rest } from "./support/race";

/**
 * Race day as spectators see it: the public leaderboard reorders itself while the test posts points (no
 * reload), a runner's page says when they passed their last checkpoint and when they are expected at the
 * finish, both with the course map (race-course.spec.ts tests it without tiles), and the phone layout. The race is set up as the seeded organiser through the dashboard's tRPC.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const START = Date.now() - 20 * 60_000;
let organiser: Page;

test.beforeAll(async ({ browser }) => {
  organiser = await browser.newPage();
  await signInDemo(organiser);
});

test.afterAll(async () => {
  await organiser.close();
});

test("the public leaderboard updates live while points arrive, and a runner page shows a predicted finish", async ({
  browser,
  request,
}) => {
  const { eventId, token, raceId, tracks, idOf } = await raceWithTwoRunners(organiser, request, START);
  // Camille runs 3.2 m/s, Léa 3 m/s: Camille leads.
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(START, 0, 80, 3.2),
  });
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: fixes(START, 0, 80, 3) });

  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`/live/${eventId}/races/${raceId}`);
  await expect(page.getByTestId("board-status")).toContainText("direct");
  const rows = page.getByTestId("board-row");
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("camille"));

  // Léa speeds up (6 m/s for 40 fixes): she overtakes, and the page follows without a reload.
  const lea = fixes(START, 0, 80, 3).at(-1);
  const faster = lea ? fixesAfter(lea, 40, 6) : [];
  const navigations: string[] = [];
  page.on("framenavigated", (f) => navigations.push(f.url()));
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: faster });
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(START, 80, 40, 3.2),
  });
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));
  await expect(rows.first().getByTestId("rank")).toHaveText("1");
  expect(navigations).toEqual([]);
  // A running row carries its current pace and predicted finish, as a timing screen would.
  await expect(rows.first().getByTestId("row-forecast")).toContainText(/\d+'\d\d" \/km/);
  await expect(rows.first().getByTestId("row-forecast")).toContainText(/Arrivée prévue \d\d:\d\d/);
  // The course beside the rows: a 5 km course has markers at 1 to 4 km (none on the finish).
  await expect(page.getByTestId("course-map").locator(".rfy-km")).toHaveCount(4, { timeout: 30_000 });
  await screenshot(page, "race-leaderboard-1280");

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    isMobile: true,
  });
  const phonePage = await phone.newPage();
  phonePage.on("pageerror", (e) => errors.push(String(e)));
  await phonePage.goto(`/live/${eventId}/races/${raceId}/runners/${idOf("camille")}`);
  const line = phonePage.getByTestId("runner-line");
  await expect(line).toContainText(/passé km \d à \d\d:\d\d/);
  await expect(line).toContainText(/arrivée prévue vers \d\d:\d\d/);
  await expect(phonePage.getByTestId("course-map").locator(".rfy-km")).toHaveCount(4, { timeout: 30_000 });
  await expect(phonePage.locator(".rfy-marker--runner")).toHaveAttribute("title", /^Camille Martin à /);
  await screenshot(phonePage, "race-runner-390");
  await phonePage.goto(`/live/${eventId}/races/${raceId}`);
  await expect(phonePage.getByTestId("board-row").first()).toBeVisible();
  await screenshot(phonePage, "race-leaderboard-390");

  await page.goto(`/live/${eventId}/races/${raceId}/results`);
  await expect(page.getByTestId("results")).toContainText("Camille Martin");
  await screenshot(page, "race-results-1280");
  await organiser.goto(`/events/${eventId}/races`);
  await expect(organiser.getByTestId("race-card")).toContainText("5 km");
  await screenshot(organiser, "race-manage-1280");
  expect(errors).toEqual([]);
  await context.close();
  await phone.close();
});
