import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { screenshot, signInDemo, trpcAs } from "./support/fixtures";

/**
 * Race day as spectators see it: the public leaderboard reorders itself while the test posts points (no
 * reload), a runner's page says when they passed their last checkpoint and when they are expected at the
 * finish, and the phone layout. The race is set up as the seeded organiser through the dashboard's tRPC.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const DEG_PER_M = 1 / 111_195;
const START = Date.now() - 20 * 60_000;
let organiser: Page;

test.beforeAll(async ({ browser }) => {
  organiser = await browser.newPage();
  await signInDemo(organiser);
});

test.afterAll(async () => {
  await organiser.close();
});

/** A tRPC call as the signed-in organiser. */
const trpc = <T>(path: string, input: unknown) => trpcAs<T>(organiser, path, input);

async function query<T>(path: string, input: unknown): Promise<T> {
  const res = await organiser.request.get(
    `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
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

/** A 5 km course heading north, as a planned route (no times). */
function courseGpx(): string {
  const pts = Array.from(
    { length: 101 },
    (_, i) => `<trkpt lat="${(48.8 + i * 50 * DEG_PER_M).toFixed(7)}" lon="2.3"></trkpt>`,
  );
  return `<?xml version="1.0"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts.join("")}</trkseg></trk></gpx>`;
}

/** `n` fixes every 5 s at `speed` m/s, from fix `from` on (each runner's clock starts 10 s after the gun). */
const fixes = (from: number, n: number, speed: number) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      latitude: 48.8 + i * 5 * speed * DEG_PER_M,
      longitude: 2.3,
      timestamp: new Date(START + 10_000 + i * 5000).toISOString(),
      accuracy: 4,
    };
  });

test("the public leaderboard updates live while points arrive, and a runner page shows a predicted finish", async ({
  browser,
  request,
}) => {
  const today = new Date().toISOString().slice(0, 10);
  const created = await trpc<{ event: { id: string }; token: { raw: string } }>("event.create", {
    name: `Race ${Date.now().toString(36)}`,
    date: today,
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: true,
    start: { lat: 48.8, lon: 2.3 },
    participants: [
      { name: "Camille Martin", bib: "42", user_id: "camille" },
      { name: "Léa Petit", bib: "7", user_id: "lea" },
    ],
  });
  const eventId = created.event.id;
  const token = created.token.raw;
  const race = await trpc<{ id: string }>("race.create", {
    event_id: eventId,
    name: "5 km",
    start_at: new Date(START).toISOString(),
    split_every_m: 1000,
  });
  await rest(request, token, "PUT", `/events/${eventId}/races/${race.id}/course`, {
    files: [{ name: "5k.gpx", data_base64: Buffer.from(courseGpx()).toString("base64") }],
  });
  const { participants } = await query<{ participants: Array<{ id: string; user_id: string }> }>(
    "participant.list",
    { event_id: eventId },
  );
  const idOf = (user: string) => participants.find((p) => p.user_id === user)?.id ?? "";
  for (const p of participants) await trpc("race.enter", { race_id: race.id, participant_id: p.id });
  const tracks: Record<string, string> = {};
  for (const user of ["camille", "lea"]) {
    const t = await rest(request, token, "POST", "/tracks", {
      device_track_id: `${user}-${Date.now()}`,
      user_id: user,
    });
    tracks[user] = String(t?.id);
  }
  // Camille runs 3.2 m/s, Léa 3 m/s: Camille leads.
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, { points: fixes(0, 80, 3.2) });
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: fixes(0, 80, 3) });

  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`/live/${eventId}/races/${race.id}`);
  await expect(page.getByTestId("board-status")).toContainText("direct");
  const rows = page.getByTestId("board-row");
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("camille"));

  // Léa speeds up (6 m/s for 40 fixes): she overtakes, and the page follows without a reload.
  const lea = fixes(0, 80, 3).at(-1);
  const faster = Array.from({ length: 40 }, (_, k) => ({
    latitude: (lea?.latitude ?? 48.8) + (k + 1) * 5 * 6 * DEG_PER_M,
    longitude: 2.3,
    timestamp: new Date(START + 10_000 + (80 + k) * 5000).toISOString(),
    accuracy: 4,
  }));
  const navigations: string[] = [];
  page.on("framenavigated", (f) => navigations.push(f.url()));
  await rest(request, token, "POST", `/tracks/${tracks.lea}/points`, { points: faster });
  await rest(request, token, "POST", `/tracks/${tracks.camille}/points`, { points: fixes(80, 40, 3.2) });
  await expect(rows.first()).toHaveAttribute("data-participant", idOf("lea"));
  await expect(rows.first().getByTestId("rank")).toHaveText("1");
  expect(navigations).toEqual([]);
  await screenshot(page, "race-leaderboard-1280");

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    isMobile: true,
  });
  const phonePage = await phone.newPage();
  phonePage.on("pageerror", (e) => errors.push(String(e)));
  await phonePage.goto(`/live/${eventId}/races/${race.id}/runners/${idOf("camille")}`);
  const line = phonePage.getByTestId("runner-line");
  await expect(line).toContainText(/passé km \d à \d\d:\d\d/);
  await expect(line).toContainText(/arrivée prévue vers \d\d:\d\d/);
  await screenshot(phonePage, "race-runner-390");
  await phonePage.goto(`/live/${eventId}/races/${race.id}`);
  await expect(phonePage.getByTestId("board-row").first()).toBeVisible();
  await screenshot(phonePage, "race-leaderboard-390");

  await page.goto(`/live/${eventId}/races/${race.id}/results`);
  await expect(page.getByTestId("results")).toContainText("Camille Martin");
  await screenshot(page, "race-results-1280");
  await organiser.goto(`/events/${eventId}/races`);
  await expect(organiser.getByTestId("race-card")).toContainText("5 km");
  await screenshot(organiser, "race-manage-1280");
  expect(errors).toEqual([]);
  await context.close();
  await phone.close();
});
