import { expect, type Page, test } from "@playwright/test";
import { loopPoints, SCREENSHOTS, signInDemo } from "./support/fixtures";

/**
 * Issue 14's UI: a ride reads in km/h (a run in min/km) in the track list and on its page; heart rate,
 * cadence and power get their charts and their averages and maxima when the track carries them.
 * Screenshots at 1280 and 390 px in e2e/artifacts.
 */
test.describe.configure({ mode: "serial" });

let page: Page;
let eventId = "";
let token = "";

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await signInDemo(page);
  const res = await page.request.post("/api/trpc/event.create", {
    data: JSON.stringify({
      name: `Sensors ${Date.now().toString(36)}`,
      date: "2026-05-10",
      time: "08:00",
      timezone: "Europe/Paris",
      is_public: false,
      start: { lat: 48.8462, lon: 2.3372 },
      participants: [],
    }),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
  const created = (
    (await res.json()) as { result: { data: { event: { id: string }; token: { raw: string } } } }
  ).result.data;
  eventId = created.event.id;
  token = created.token.raw;
});

test.afterAll(async () => {
  await page.close();
});

async function sync(device: string, activity: string, sensors: boolean) {
  const points = loopPoints(400).map((p, i) => ({
    ...p,
    ...(sensors
      ? { heart_rate_bpm: 130 + (i % 30), cadence_rpm: 80 + (i % 10), power_w: 180 + (i % 50) }
      : {}),
  }));
  const res = await page.request.post("/api/sync", {
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    data: JSON.stringify({ track: { device_track_id: device, activity_type: activity }, points }),
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { track_id: string }).track_id;
}

test("a ride in km/h with its heart rate, cadence and power; a run in min/km without sensor charts", async () => {
  const ride = await sync("ride", "bike", true);
  const run = await sync("run", "run", false);

  await page.goto(`/events/${eventId}/tracks/${ride}`);
  const stats = page.getByTestId("track-stats");
  await expect(stats.locator(".stats-hero")).toContainText("km/h");
  await expect(stats.locator(".stats-hero")).not.toContainText("/km");
  for (const chart of ["heart-rate-chart", "cadence-chart", "power-chart"])
    await expect(page.getByTestId(chart)).toBeVisible();
  // Averages and maxima from the statistics: 130…159 bpm, 80…89 rpm, 180…229 W.
  await expect(page.getByTestId("stat-heart-rate")).toContainText(/14\d \/ 159 bpm/);
  await expect(page.getByTestId("stat-cadence")).toContainText(/8\d \/ 89 rpm/);
  await expect(page.getByTestId("stat-power")).toContainText(/20\d \/ 229 W/);
  // The chart's cursor answers the keyboard.
  await page.getByTestId("heart-rate-chart").focus();
  await page.keyboard.press("ArrowRight");
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.screenshot({ path: `${SCREENSHOTS}/20-ride-sensors-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/21-ride-sensors-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  await page.goto(`/events/${eventId}/tracks/${run}`);
  await expect(page.getByTestId("track-stats").locator(".stats-hero")).not.toContainText("km/h");
  await expect(page.getByTestId("heart-rate-chart")).toHaveCount(0);
  await expect(page.getByTestId("stat-heart-rate")).toHaveCount(0);

  // The event's track list: km/h for the ride, min/km for the run.
  await page.goto(`/events/${eventId}`);
  const rows = page.locator("tbody tr");
  await expect(rows.filter({ hasText: "km/h" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "/km" })).toHaveCount(1);
  await page.screenshot({ path: `${SCREENSHOTS}/22-tracks-kmh-1280.png`, fullPage: true });
});
