import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { screenshot, signInDemo, trpcAs } from "./support/fixtures";

/**
 * Issue 15's Statistics tab: totals of an event's finished tracks by week, month or year, a bar chart and a
 * table, filtered by activity; it must fit a 390 px phone. Screenshots in e2e/artifacts.
 */
test.describe.configure({ mode: "serial" });

const FIXTURES = path.resolve("../shared/fixtures/real");
const file = (name: string) => ({
  name,
  data_base64: fs.readFileSync(path.join(FIXTURES, name)).toString("base64"),
});

let page: Page;
let eventId = "";

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await signInDemo(page);
  const created = await trpcAs<{ event: { id: string }; token: { raw: string } }>(page, "event.create", {
    name: `Stats ${Date.now().toString(36)}`,
    date: "2026-05-10",
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: false,
    start: { lat: 48.8462, lon: 2.3372 },
    participants: [],
  });
  eventId = created.event.id;
  // Two runs of September 2016 and two rides of August 2019 (the TCX files' laps: 6.11 + 4.16 km, 42.2 + 59.9 km).
  const res = await page.request.post("/api/imports", {
    headers: { "X-API-Key": created.token.raw, "Content-Type": "application/json" },
    data: JSON.stringify({
      files: [
        "runs-tcx-1604524853.tcx",
        "runs-tcx-6281425038.tcx",
        "rides-tcx-6791039036.tcx",
        "rides-tcx-6838497277.tcx",
      ].map(file),
    }),
  });
  expect(res.status(), await res.text()).toBe(201);
});

test.afterAll(async () => {
  await page.close();
});

test("the Statistics tab totals the event by year and month, with a bar chart, filtered by activity", async () => {
  await page.goto(`/events/${eventId}`);
  await page.getByRole("link", { name: "Statistiques" }).last().click();
  await expect(page).toHaveURL(new RegExp(`/events/${eventId}/stats`));
  const table = page.getByTestId("stats-table");
  // By month (the default): September 2016 to August 2019, the months between shown empty.
  await expect(table.locator("tbody tr")).toHaveCount(36);
  await expect(table.locator("tbody tr").first()).toContainText("2016-09");
  await expect(table.locator("tbody tr").last()).toContainText("2019-08");
  await expect(table.locator("tfoot tr").first()).toContainText("112,3 km");

  await page.getByRole("link", { name: "Année" }).click();
  await expect(page).toHaveURL(/by=year/);
  await expect(table.locator("tbody tr")).toHaveCount(4);
  await expect(table.locator("tbody tr").nth(0)).toContainText("10,26 km");
  await expect(table.locator("tbody tr").nth(3)).toContainText("102,1 km");
  const chart = page.getByTestId("stats-chart");
  await expect(chart).toContainText("Distance par période");
  await expect(chart.locator(".bars__row")).toHaveCount(4);
  // The longest bar is 2019's; the empty years have none.
  const widths = await chart
    .locator(".bars__bar")
    .evaluateAll((bars) => bars.map((b) => (b as HTMLElement).style.width));
  expect(widths[3]).toBe("100%");
  expect(widths[1]).toBe("0%");
  await screenshot(page, "30-stats-year-1280");

  await page.getByLabel("Activité").selectOption("bike");
  await page.getByRole("button", { name: "Appliquer" }).click();
  await expect(page).toHaveURL(/activity=bike/);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.locator("tfoot tr").first()).toContainText("102,1 km");

  await page.goto(`/events/${eventId}/stats?by=month`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table).toBeVisible();
  // The page itself does not scroll sideways on a phone: only the table does, inside its frame.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "31-stats-month-390");
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("the organiser's Statistics page covers every event and narrows to one", async () => {
  await page.goto("/events");
  await page.getByRole("link", { name: "Statistiques" }).first().click();
  await expect(page).toHaveURL(/\/stats$/);
  await expect(page.getByRole("heading", { name: "Statistiques" })).toBeVisible();
  await page.getByLabel("Événement").selectOption(eventId);
  await page.getByRole("button", { name: "Appliquer" }).click();
  await expect(page.getByTestId("stats-table").locator("tfoot tr").first()).toContainText("112,3 km");
  await screenshot(page, "32-stats-organiser-1280");
});
