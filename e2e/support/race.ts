import { type APIRequestContext, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInDemo, trpcAs } from "./fixtures";
import { E2E_TILE_PORT } from "./ports";

/** Race day set-ups shared by the race specs: a straight course, runners' fixes, the calls that build a race. */

export const DEG_PER_M = 1 / 111_195;

/** A 5 km course heading north from (48.8, 2.3), as a planned route (no times). */
export function courseGpx(): string {
  const pts = Array.from(
    { length: 101 },
    (_, i) => `<trkpt lat="${(48.8 + i * 50 * DEG_PER_M).toFixed(7)}" lon="2.3"></trkpt>`,
  );
  return `<?xml version="1.0"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts.join("")}</trkseg></trk></gpx>`;
}

/** `n` fixes every 5 s at `speed` m/s up the course, from fix `from` on (the first 10 s after `startMs`). */
export const fixes = (startMs: number, from: number, n: number, speed: number) =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      latitude: 48.8 + i * 5 * speed * DEG_PER_M,
      longitude: 2.3,
      timestamp: new Date(startMs + 10_000 + i * 5000).toISOString(),
      accuracy: 4,
    };
  });

/** `n` more fixes every 5 s at `speed` m/s after `last` (a runner who changes pace). */
export const fixesAfter = (last: { latitude: number; timestamp: string }, n: number, speed: number) =>
  Array.from({ length: n }, (_, k) => ({
    latitude: last.latitude + (k + 1) * 5 * speed * DEG_PER_M,
    longitude: 2.3,
    timestamp: new Date(Date.parse(last.timestamp) + (k + 1) * 5000).toISOString(),
    accuracy: 4,
  }));

/**
 * No tile ever loads: what these pages show must not depend on one. Browsers ask the app's tile proxy
 * (TILE_PROXY_URL), which asks the fake tile server: both are cut.
 */
export async function withoutTiles(target: Page | BrowserContext) {
  await target.route("**/api/tiles/**", (route) => route.abort());
  await target.route(`http://127.0.0.1:${E2E_TILE_PORT}/**`, (route) => route.abort());
}

/**
 * The seeded organiser's page for a whole spec file, without tiles (opened before its tests, closed after):
 * call at the file's top level, read the page in the tests.
 */
export function organiserWithoutTiles(): () => Page {
  let organiser: Page | null = null;
  test.beforeAll(async ({ browser }) => {
    organiser = await browser.newPage();
    await withoutTiles(organiser);
    await signInDemo(organiser);
  });
  test.afterAll(async () => {
    await organiser?.close();
  });
  return () => {
    if (!organiser) throw new Error("the organiser's page opens before the tests");
    return organiser;
  };
}

/**
 * The 5 km course is drawn (courseGpx, with a checkpoint added): one dashed line (runner trails are solid),
 * a distance marker every km but the finish, and its checkpoints.
 */
export async function expectCourse(page: Page) {
  const line = page.locator(".rfy-course path[stroke-dasharray]");
  // The map's code loads after the page: slow on a busy machine.
  await expect(line).toHaveCount(1, { timeout: 30_000 });
  await expect(line).toHaveAttribute("stroke-dasharray", /\d/);
  await expect(page.locator(".rfy-km")).toHaveText(["1 km", "2 km", "3 km", "4 km"]);
  const kinds = await page
    .locator("[data-checkpoint]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-checkpoint")));
  expect(kinds.sort()).toEqual(["finish", "point", "start"]);
}

/** A REST call with an event's API token; fails the test on anything but a success. */
export async function rest(
  request: APIRequestContext,
  token: string,
  method: string,
  path: string,
  data?: unknown,
) {
  const res = await request.fetch(`/api${path}`, {
    method,
    headers: { "X-API-Key": token, "Content-Type": "application/json" },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.status() === 204 ? null : ((await res.json()) as Record<string, unknown>);
}

/** A tRPC query as `page`'s signed-in user. */
export async function queryAs<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/**
 * A public event of today with two runners (Camille, bib 42; Léa, bib 7) entered in a 5 km race that started
 * `START` ms ago, its course uploaded, and one track each: what the race specs start from.
 */
export async function raceWithTwoRunners(
  organiser: Page,
  request: APIRequestContext,
  startMs: number,
  race: { split_every_m?: number | null } = { split_every_m: 1000 },
  isPublic = true,
) {
  const created = await trpcAs<{ event: { id: string }; token: { raw: string } }>(organiser, "event.create", {
    name: `Race ${Date.now().toString(36)}`,
    date: new Date().toISOString().slice(0, 10),
    time: "08:00",
    timezone: "Europe/Paris",
    is_public: isPublic,
    start: { lat: 48.8, lon: 2.3 },
    participants: [
      { name: "Camille Martin", bib: "42", user_id: "camille" },
      { name: "Léa Petit", bib: "7", user_id: "lea" },
    ],
  });
  const eventId = created.event.id;
  const token = created.token.raw;
  const { id: raceId } = await trpcAs<{ id: string }>(organiser, "race.create", {
    event_id: eventId,
    name: "5 km",
    start_at: new Date(startMs).toISOString(),
    ...race,
  });
  await rest(request, token, "PUT", `/events/${eventId}/races/${raceId}/course`, {
    files: [{ name: "5k.gpx", data_base64: Buffer.from(courseGpx()).toString("base64") }],
  });
  const { participants } = await queryAs<{ participants: Array<{ id: string; user_id: string }> }>(
    organiser,
    "participant.list",
    { event_id: eventId },
  );
  for (const p of participants)
    await trpcAs(organiser, "race.enter", { race_id: raceId, participant_id: p.id });
  const tracks: Record<string, string> = {};
  for (const user of ["camille", "lea"]) {
    const t = await rest(request, token, "POST", "/tracks", {
      device_track_id: `${user}-${Date.now()}`,
      user_id: user,
    });
    tracks[user] = String(t?.id);
  }
  const idOf = (user: string) => participants.find((p) => p.user_id === user)?.id ?? "";
  return { eventId, token, raceId, tracks, idOf };
}

/** raceWithTwoRunners with a checkpoint, "Ravito" at 2.5 km: the course expectCourse looks for. */
export async function raceWithRavito(
  organiser: Page,
  request: APIRequestContext,
  startMs: number,
  isPublic = true,
) {
  const race = await raceWithTwoRunners(organiser, request, startMs, undefined, isPublic);
  await trpcAs(organiser, "race.addCheckpoint", {
    race_id: race.raceId,
    checkpoint: { name: "Ravito", distance_m: 2500 },
  });
  return race;
}
