import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { screenshot, signInDemo } from "./support/fixtures";
import { E2E_TILE_PORT } from "./support/ports";
import { fixes, fixesAfter, raceWithTwoRunners, rest } from "./support/race";

/**
 * The live map's replay ranks the runners as they stood at the replayed moment: Camille leads the first
 * half, Léa the second; the side panel's leaderboard follows the slider and the playback (a few requests a
 * second at most), says which moment it shows, and goes back to the live ranking with the live view.
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

async function spectator(browser: Browser, viewport: { width: number; height: number }) {
  const phone = viewport.width < 500;
  const context = await browser.newContext({
    viewport,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    ...(phone ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.route(`http://127.0.0.1:${E2E_TILE_PORT}/**`, (route) => route.abort());
  return context.newPage();
}

/** Moves the replay slider to `fraction` of the replay, as dragging it would (an input event). */
async function seek(slider: Locator, fraction: number) {
  await slider.evaluate((el, f) => {
    const input = el as HTMLInputElement;
    const min = Number(input.min);
    const max = Number(input.max);
    const value = min + Math.round(((max - min) * f) / 1000) * 1000;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(input, String(value));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, fraction);
}

/** The replay's ranking is shown, labelled with the replay bar's own clock (paused: the same second). */
async function expectRankingAtClock(page: Page) {
  const clock = await page.locator(".live-replay__clock").textContent();
  await expect(page.getByTestId("board-at")).toHaveText(`Classement à ${clock} (rediffusion)`);
}

test("replaying the race ranks the runners as they were at the replayed moment", async ({
  browser,
  request,
}) => {
  const { eventId, token, tracks, idOf } = await raceWithTwoRunners(organiser, request, START);
  // Camille: 4 m/s for 5 min, then 2 m/s; Léa: 3 m/s, then 5 m/s. Camille leads until ~6 min 40 s in
  // (of ~10 min), Léa after.
  const camille = fixes(START, 0, 60, 4);
  const lea = fixes(START, 0, 60, 3);
  const lastCamille = camille.at(-1);
  const lastLea = lea.at(-1);
  if (!lastCamille || !lastLea) throw new Error("no fixes");
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, {
    points: [...camille, ...fixesAfter(lastCamille, 60, 2)],
  });
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, {
    points: [...lea, ...fixesAfter(lastLea, 60, 5)],
  });

  const page = await spectator(browser, { width: 1280, height: 860 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // When the page asks for a past ranking, by the page's own clock (the test's sees the requests late).
  await page.addInitScript(() => {
    const asked: number[] = [];
    Object.assign(window, { __asked: asked });
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (/\/leaderboard\?(.*&)?at=/.test(url)) asked.push(performance.now());
      return original(input, init);
    };
  });
  const asked = () => page.evaluate(() => (window as unknown as { __asked: number[] }).__asked.slice());
  await page.goto(`/live/${eventId}`);
  await page.getByTestId("tab-board").click();
  const board = page.getByTestId("side-board");
  const rows = board.getByTestId("board-row");
  // Live: Léa leads, no replay label.
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));
  await expect(board).toHaveAttribute("data-mode", "live");
  await expect(page.getByTestId("board-at")).toHaveCount(0);

  await page.getByRole("button", { name: "Revoir la course" }).click();
  const slider = page.getByTestId("replay-slider");
  await expect(slider).toBeVisible();
  await expect(board).toHaveAttribute("data-mode", "replay");

  // A quarter in: Camille ahead.
  await seek(slider, 0.25);
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("camille"));
  await expect(rows.first().getByTestId("rank")).toHaveText("1");
  await expectRankingAtClock(page);
  const early = await rows.first().getByTestId("distance").textContent();

  // Near the end: Léa ahead.
  await seek(slider, 0.95);
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));
  await expectRankingAtClock(page);
  expect(await rows.nth(1).getByTestId("distance").textContent()).not.toBe(early);
  await screenshot(page, "race-replay-1280");

  // Scrubbing (30 moves) and playing ask for the ranking one moment at a time, 750 ms apart at least (not
  // once a frame), and keep asking while the clock moves.
  await seek(slider, 0);
  const before = (await asked()).length;
  for (let i = 1; i <= 30; i++) await seek(slider, i / 100);
  const bar = page.getByTestId("replay-bar");
  await bar.getByLabel("Vitesse").selectOption("10");
  await bar.getByRole("button", { name: "Lecture" }).click();
  await page.waitForTimeout(3000);
  await bar.getByRole("button", { name: "Pause" }).click();
  await page.waitForTimeout(1000);
  const times = (await asked()).slice(before);
  expect(times.length).toBeGreaterThanOrEqual(4);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(740);
  // Paused: the label catches up with the clock.
  await expectRankingAtClock(page);

  // Back to live: the live ranking, unlabelled.
  await page.getByRole("button", { name: "Retour au direct" }).click();
  await expect(board).toHaveAttribute("data-mode", "live");
  await expect(page.getByTestId("board-at")).toHaveCount(0);
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));

  // A phone: the same, one panel at a time under the map.
  const phone = await spectator(browser, { width: 390, height: 844 });
  phone.on("pageerror", (e) => errors.push(String(e)));
  await phone.goto(`/live/${eventId}`);
  await phone.getByRole("button", { name: "Revoir la course" }).tap();
  await expect(phone.getByTestId("replay-slider")).toBeVisible();
  await phone.getByTestId("tab-board").tap();
  await seek(phone.getByTestId("replay-slider"), 0.25);
  const phoneRows = phone.getByTestId("side-board").getByTestId("board-row");
  await expect(phoneRows.first()).toHaveAttribute("data-participant", idOf("camille"));
  await expectRankingAtClock(phone);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(phone, "race-replay-390");
  expect(errors).toEqual([]);
  await phone.context().close();
  await page.context().close();
});
