import { expect, test } from "@playwright/test";
import { DISC, discAt } from "./support/discs";
import { screenshot, signInDemo, trpcAs } from "./support/fixtures";
import { rest } from "./support/race";

/**
 * The live map on a phone (issue 16). A phone hydrates the page seconds after the server rendered its
 * snapshot, so its stream starts from an older seq than a desktop's and the server first replays what came
 * in between: at a race, thousands of batches. That replay read three queries per batch, slower than the
 * batches kept coming, so the phone's map never showed where anyone was now. Here the stream is held back
 * (a slow phone) while the batches come, then the runner's newest position must be on the map promptly.
 */

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
/** Batches posted while the phone's stream is held (each one a change the stream must replay). */
const BATCHES = 2000;
/** 150 m north: ≈ 95 px up a phone's map at the page's zoom 16, still on screen. */
const NORTH = 150 / 111_195;

test("on a phone, the live map moves a runner's disc to a batch posted after a long catch-up", async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const organiser = await browser.newPage();
  await signInDemo(organiser);
  const created = await trpcAs<{ event: { id: string }; token: { raw: string } }>(organiser, "event.create", {
    name: `Phone ${Date.now().toString(36)}`,
    date: new Date().toISOString().slice(0, 10),
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: true,
    start: { lat: 48.8, lon: 2.3 },
    participants: [{ name: "Camille Martin", bib: "42", user_id: "camille" }],
  });
  await organiser.close();
  const token = created.token.raw;
  const eventId = created.event.id;
  const start = Date.now() - 30_000;
  const track = await rest(request, token, "POST", "/tracks", {
    device_track_id: `camille-${Date.now()}`,
    user_id: "camille",
    start_ts: new Date(start).toISOString(),
  });
  // A fix every 5 ms at the start line (the runner waits for the gun): recent enough not to be stale.
  const post = (ts: number, north = 0) =>
    rest(request, token, "POST", `/tracks/${track?.id}/points`, {
      points: [{ latitude: 48.8 + north, longitude: 2.3, timestamp: new Date(ts).toISOString() }],
    });
  const fix = (i: number) => post(start + i * 5);
  await fix(0);

  const context = await browser.newContext({ ...PHONE, locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await context.newPage();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/api/live/*/stream*", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/live/${eventId}`);
  await expect.poll(() => discAt(page, DISC.first)).not.toBeNull();
  const before = await discAt(page, DISC.first);

  // The runner keeps posting while the phone is still "hydrating": one change per batch.
  for (let i = 1; i < BATCHES; i += 20)
    await Promise.all(Array.from({ length: Math.min(20, BATCHES - i) }, (_, k) => fix(i + k)));
  release();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // Only now the newest batch: a runner's position must not wait behind the replay of the older ones.
  const posted = Date.now();
  await post(Date.now(), NORTH);
  await expect
    .poll(async () => (await discAt(page, DISC.first))?.y ?? Number.POSITIVE_INFINITY, {
      timeout: 3000,
      intervals: [100],
    })
    .toBeLessThan((before?.y ?? 0) - 20);
  const latency = Date.now() - posted;
  console.log(
    `[live-phone] ${BATCHES} batches replayed, newest disc drawn ${latency} ms after it was posted`,
  );
  await screenshot(page, "live-phone-after-catch-up");
  await context.close();
});
