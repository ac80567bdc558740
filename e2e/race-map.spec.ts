import { expect, test } from "@playwright/test";
import { screenshot } from "./support/fixtures";
import {
  expectCourse,
  fixes,
  fixesAfter,
  raceWithRavito,
  rest,
  organiserWithoutTiles,
  withoutTiles,
} from "./support/race";

/**
 * A race on the maps, with no map tiles at all (every tile request fails): its course, distance markers and
 * checkpoints on the live map (spectators' and organiser's) and on a runner's track page, and its live
 * leaderboard in the live map's side panel — a tab beside the runners' list, on a phone too.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const START = Date.now() - 20 * 60_000;
const organiserPage = organiserWithoutTiles();

test("the live map draws the race's course without tiles, and its leaderboard tab follows the race live", async ({
  browser,
  request,
}) => {
  const organiser = organiserPage();
  const { eventId, token, raceId, tracks, idOf } = await raceWithRavito(organiser, request, START);
  // Camille runs 3.2 m/s, Léa 3 m/s: Camille leads.
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(START, 0, 80, 3.2),
  });
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: fixes(START, 0, 80, 3) });

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await withoutTiles(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`/live/${eventId}`);
  await expectCourse(page);
  // Runner trails stay solid: nothing but the course is dashed.
  await expect(page.locator("path[stroke-dasharray]")).toHaveCount(1);

  await expect(page.getByTestId("live-list")).toBeVisible();
  await page.getByTestId("tab-board").click();
  const board = page.getByTestId("side-board");
  const rows = board.getByTestId("board-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("camille"));

  // Léa speeds up: she overtakes, and the panel follows without a reload.
  const navigations: string[] = [];
  page.on("framenavigated", (f) => navigations.push(f.url()));
  const lea = fixes(START, 0, 80, 3).at(-1);
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, {
    points: lea ? fixesAfter(lea, 40, 6) : [],
  });
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: fixes(START, 80, 40, 3.2),
  });
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));
  await expect(rows.first().getByTestId("rank")).toHaveText("1");
  // The same rows as the public leaderboard page.
  const pageBoard = (await (
    await page.request.get(`/api/live/${eventId}/races/${raceId}/leaderboard`)
  ).json()) as {
    rows: Array<{ participant_id: string; rank: number }>;
  };
  expect(pageBoard.rows.find((r) => r.rank === 1)?.participant_id).toBe(idOf("lea"));
  expect(navigations).toEqual([]);
  await screenshot(page, "race-map-1280");
  await page.getByTestId("tab-runners").click();
  await expect(page.getByTestId("live-list")).toBeVisible();

  // A phone: the map with the course on top, then one panel at a time.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await withoutTiles(phone);
  const phonePage = await phone.newPage();
  phonePage.on("pageerror", (e) => errors.push(String(e)));
  await phonePage.goto(`/live/${eventId}`);
  await expectCourse(phonePage);
  await phonePage.getByTestId("tab-board").tap();
  await expect(phonePage.getByTestId("side-board").getByTestId("board-row").first()).toHaveAttribute(
    "data-participant",
    idOf("lea"),
  );
  await expect(phonePage.getByTestId("live-list")).toHaveCount(0);
  expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(phonePage, "race-map-390");

  // The organiser's live map is the same page, signed in.
  await organiser.goto(`/live/${eventId}`);
  await expectCourse(organiser);

  // A runner's track page draws the course of their race under the track.
  await organiser.goto(`/events/${eventId}/tracks/${tracks.camille}`);
  await expectCourse(organiser);
  await expect(organiser.getByTestId("course-legend")).toContainText("5 km");
  await screenshot(organiser, "race-track-1280");
  await organiser.setViewportSize({ width: 390, height: 844 });
  await expect(organiser.locator(".rfy-course path[stroke-dasharray]")).toHaveCount(1);
  await screenshot(organiser, "race-track-390");
  await organiser.setViewportSize({ width: 1280, height: 860 });
  expect(errors).toEqual([]);
  await context.close();
  await phone.close();
});
