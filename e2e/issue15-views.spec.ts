import { expect, type Page, test } from "@playwright/test";
import { SCREENSHOTS, screenshot, signInDemo, trpcAs } from "./support/fixtures";

/**
 * Issue 15's earlier views on a phone and a desktop: the tracks table with its thumbnails (every column on
 * screen at 1,280 px), the track page with its notes (edited in place) and segments, the API reference.
 * Screenshots in e2e/artifacts.
 */
test.describe.configure({ mode: "serial" });

let page: Page;
let eventId = "";
let trackId = "";

/** A run of two parts: 20 minutes, a 6-minute stop without fixes (a new segment), 10 minutes more. */
function twoPartRun() {
  const start = Date.parse("2026-05-10T07:30:00Z");
  const fix = (i: number, offsetSec: number) => ({
    latitude: 48.8462 + i * 0.00004,
    longitude: 2.3372 + Math.sin(i / 30) * 0.002,
    timestamp: new Date(start + offsetSec * 1000).toISOString(),
    altitude: 40 + Math.sin(i / 15) * 5,
  });
  const first = Array.from({ length: 240 }, (_, i) => fix(i, i * 5));
  const second = Array.from({ length: 120 }, (_, i) => fix(240 + i, 240 * 5 + 360 + i * 5));
  return [...first, ...second];
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await signInDemo(page);
  const created = await trpcAs<{ event: { id: string }; token: { raw: string } }>(page, "event.create", {
    name: `Views ${Date.now().toString(36)}`,
    date: "2026-05-10",
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: false,
    start: { lat: 48.8462, lon: 2.3372 },
    participants: [{ name: "Camille Martin", bib: "42", user_id: "camille" }],
  });
  eventId = created.event.id;
  const res = await page.request.post("/api/sync", {
    headers: { "X-API-Key": created.token.raw, "Content-Type": "application/json" },
    data: JSON.stringify({
      track: {
        device_track_id: "import:very-long-device-identifier-of-a-watch:0",
        title: "Sortie longue du dimanche au parc Montsouris",
        user_id: "camille",
        notes: "Jambes lourdes après le ravito.\nTempo sur la deuxième partie.",
      },
      points: twoPartRun(),
    }),
  });
  expect(res.status(), await res.text()).toBe(201);
  trackId = ((await res.json()) as { track_id: string }).track_id;
});

test.afterAll(async () => {
  await page.close();
});

const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("the tracks table keeps every column on a 1,280 px screen, thumbnails included", async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto(`/events/${eventId}`);
  const table = page.getByTestId("tracks-table");
  await expect(table.getByTestId("track-thumb")).toBeVisible();
  // No sideways scrolling inside the table's frame: the Points column is on screen.
  const wrap = await table.evaluate((el) => {
    const frame = el.closest(".table-wrap") ?? el;
    return { scroll: frame.scrollWidth, client: frame.clientWidth };
  });
  expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
  const points = table.getByRole("columnheader", { name: "Points" });
  const box = await points.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await screenshot(page, "40-tracks-thumbs-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table.getByTestId("track-thumb")).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await screenshot(page, "41-tracks-thumbs-390");
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("the track page shows its notes, edits them in place, and lists its segments", async () => {
  await page.goto(`/events/${eventId}/tracks/${trackId}`);
  const notes = page.getByTestId("track-notes");
  await expect(notes).toContainText("Jambes lourdes après le ravito.");
  const segments = page.getByTestId("track-segments");
  await expect(segments.locator("tbody tr")).toHaveCount(2);
  await expect(segments.getByTestId("segment-gpx").nth(1)).toHaveAttribute(
    "href",
    `/api/tracks/${trackId}/gpx?segment=1`,
  );
  await notes.getByRole("button", { name: "Modifier les notes" }).click();
  await notes.getByLabel("Notes").fill("Jambes lourdes après le ravito.\nTempo tenu jusqu'au bout.");
  await notes.getByRole("button", { name: "Enregistrer" }).click();
  await expect(notes).toContainText("Tempo tenu jusqu'au bout.");
  await page.reload();
  await expect(page.getByTestId("track-notes")).toContainText("Tempo tenu jusqu'au bout.");
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  // The sidebar's segments table fits its column: every GPX link on screen, no sideways scrolling.
  const segmentsFit = () => segments.locator(".table-wrap").evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(await segmentsFit()).toBeLessThanOrEqual(0);
  await expect(segments.getByTestId("segment-gpx").first()).toBeInViewport();
  await screenshot(page, "42-track-notes-segments-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(segments).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  expect(await segmentsFit()).toBeLessThanOrEqual(0);
  await screenshot(page, "43-track-notes-segments-390");
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("the API reference reads on a phone", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("/stats", { exact: false }).first()).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  // The whole reference is ~30,000 px tall on a phone: its first screen, and GET /stats's section.
  await page.screenshot({ path: `${SCREENSHOTS}/44-reference-390.png` });
  await page.locator("h2", { hasText: "GET /stats" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/45-reference-stats-390.png` });
  await page.setViewportSize({ width: 1280, height: 860 });
});
