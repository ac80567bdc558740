import { expect, type Page, test } from "@playwright/test";
import { screenshot, signInDemo, trpcAs } from "./support/fixtures";
import { courseGpx, queryAs } from "./support/race";

/**
 * The organiser's race screens, through the page as an organiser uses it: a race created with wave starts,
 * its course uploaded, a checkpoint added, moved and deleted, a cut-off set on it, the participants entered
 * with a wave time each, and one disqualified — each checked against what the API then says.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

let organiser: Page;

test.beforeAll(async ({ browser }) => {
  organiser = await browser.newPage();
  await signInDemo(organiser);
});

test.afterAll(async () => {
  await organiser.close();
});

interface Race {
  id: string;
  start_mode: string;
  cutoffs: Array<{ checkpoint_id: string; at: string | null; after_start_sec: number | null }>;
  checkpoints: Array<{ id: string; name: string; distance_m: number; source_id: string | null }>;
}

test("an organiser creates a race with waves, edits its checkpoints and cut-offs, and overrides a status", async () => {
  const page = organiser;
  const created = await trpcAs<{ event: { id: string } }>(page, "event.create", {
    name: `Races ${Date.now().toString(36)}`,
    date: new Date().toISOString().slice(0, 10),
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
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`/events/${eventId}/races`);

  const form = page.getByTestId("new-race");
  await form.getByLabel("Nom").fill("10 km");
  await form.getByLabel("Mode de départ").selectOption("waves");
  await form.getByLabel("Départ (heure locale)").fill("2026-06-14T08:30");
  await form.getByRole("button", { name: "Créer la course" }).click();
  const card = page.getByTestId("race-card");
  await expect(card).toContainText("10 km");
  const [listed] = (await queryAs<{ races: Race[] }>(page, "race.list", { id: eventId })).races;
  expect(listed?.start_mode).toBe("waves");
  const raceId = listed?.id ?? "";
  const race = () => queryAs<Race>(page, "race.get", { race_id: raceId });

  await card.getByTestId("course-file").setInputFiles({
    name: "5k.gpx",
    mimeType: "application/gpx+xml",
    buffer: Buffer.from(courseGpx()),
  });
  await expect(card).toContainText("5k.gpx");

  // A checkpoint: added at 2.5 km, moved to 3 km, deleted, then added again for the cut-off.
  const add = card.getByTestId("add-checkpoint");
  await add.getByLabel("Nom du point").fill("Ravito");
  await add.getByLabel("À (km)").fill("2.5");
  await add.getByRole("button", { name: "Ajouter le point" }).click();
  const row = card.getByTestId("checkpoint-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByLabel("Déplacer à (km)")).toHaveValue("2.5");
  await row.getByLabel("Déplacer à (km)").fill("3");
  await row.getByRole("button", { name: "Enregistrer" }).click();
  await expect(async () => {
    const moved = (await race()).checkpoints.find((c) => c.name === "Ravito");
    expect(moved?.distance_m).toBe(3000);
  }).toPass();
  await row.getByRole("button", { name: "Supprimer" }).click();
  await expect(row).toHaveCount(0);
  await add.getByLabel("Nom du point").fill("Ravito");
  await add.getByLabel("À (km)").fill("2.5");
  await add.getByRole("button", { name: "Ajouter le point" }).click();
  await expect(row).toHaveCount(1);

  // A cut-off: Ravito within 0:30 of each runner's start.
  await card.getByText("Règles de la course").click();
  const rules = card.getByTestId("race-form");
  await rules.getByRole("button", { name: "Ajouter une barrière" }).click();
  await rules.getByLabel("Point de passage").selectOption({ label: "Ravito" });
  await rules.getByLabel("Type de barrière").selectOption("after");
  await rules.getByLabel("Limite").fill("0:30");
  await rules.getByRole("button", { name: "Enregistrer" }).click();
  await expect(async () => {
    const r = await race();
    const ravito = r.checkpoints.find((c) => c.name === "Ravito");
    expect(r.cutoffs).toEqual([{ checkpoint_id: ravito?.id, at: null, after_start_sec: 1800 }]);
  }).toPass();

  // Entrants: everyone entered, Léa's wave at 08:40, Camille disqualified.
  const entries = card.getByTestId("entries");
  await entries.getByRole("button", { name: "Inscrire tous les participants" }).click();
  await expect(entries.getByTestId("entry")).toHaveCount(2);
  const lea = entries.getByTestId("entry").filter({ hasText: "Léa Petit" });
  await lea.getByLabel("Départ de sa vague").fill("2026-06-14T08:40");
  await lea.getByRole("button", { name: "Enregistrer" }).click();
  const camille = entries.getByTestId("entry").filter({ hasText: "Camille Martin" });
  await camille.getByLabel("Statut").selectOption("dsq");
  await camille.getByRole("button", { name: "Enregistrer" }).click();
  await expect(camille.getByTestId("status-now")).toHaveText("Disqualifié");
  const { entries: stored } = await queryAs<{
    entries: Array<{ name: string; status: string | null; wave_start_at: string | null }>;
  }>(page, "race.entries", { race_id: raceId });
  expect(stored.find((e) => e.name === "Léa Petit")?.wave_start_at).toBe("2026-06-14T06:40:00.000Z");
  expect(stored.find((e) => e.name === "Camille Martin")?.status).toBe("dsq");
  const board = (await (
    await page.request.get(`/api/live/${eventId}/races/${raceId}/leaderboard`)
  ).json()) as {
    rows: Array<{ name: string; status: string; status_auto: boolean }>;
  };
  expect(board.rows.find((r) => r.name === "Camille Martin")).toMatchObject({
    status: "dsq",
    status_auto: false,
  });
  await screenshot(page, "race-admin-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, "race-admin-390");
  await page.setViewportSize({ width: 1280, height: 860 });
  expect(errors).toEqual([]);
});
