import { type Browser, expect, type Page, test } from "@playwright/test";
import { screenshot, signInAs, signInDemo, trpcAs } from "./support/fixtures";

/**
 * Organiser accounts in the browser: the settings page (change password, sign out everywhere) and the
 * administrators' page (the seeded demo organiser is the instance's first account, hence its administrator).
 */
// Each sign-in hashes a password (scrypt, about a second on a loaded machine): these tests make several.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const email = `account-${Date.now().toString(36)}@example.org`;
let password = "first password 123";

async function organiserPage(browser: Browser, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, email, password);
  return page;
}

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await trpcAs(page, "account.signUp", { email, password, name: "Alex Organiser" });
  await page.close();
});

test("the settings page changes the password: this browser stays in, the others are signed out", async ({
  browser,
}) => {
  const page = await organiserPage(browser);
  const elsewhere = await organiserPage(browser);
  await page.goto("/events");
  await page.getByRole("link", { name: "Compte" }).click();
  await expect(page.getByRole("heading", { name: "Mon compte" })).toBeVisible();
  await expect(page.getByText(`Connecté·e en tant que ${email}.`)).toBeVisible();
  await screenshot(page, "accounts-01-settings-1280");

  await page.getByLabel("Mot de passe actuel").fill("not the password");
  await page.getByLabel("Nouveau mot de passe").fill("second password 456");
  await page.getByRole("button", { name: "Changer le mot de passe" }).click();
  await expect(page.getByText("Le mot de passe actuel est incorrect.")).toBeVisible();

  await page.getByLabel("Mot de passe actuel").fill(password);
  await page.getByLabel("Nouveau mot de passe").fill("second password 456");
  await page.getByRole("button", { name: "Changer le mot de passe" }).click();
  await expect(page.getByText("Mot de passe changé. Vos autres sessions sont déconnectées.")).toBeVisible();
  password = "second password 456";
  // This browser signed in again with the new password; the other one is refused.
  await page.goto("/events");
  await expect(page.getByRole("heading", { name: "Événements" })).toBeVisible();
  await elsewhere.goto("/events");
  await expect(elsewhere).toHaveURL(/\/signin/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/account");
  await screenshot(page, "accounts-02-settings-390");
  await page.context().close();
  await elsewhere.context().close();
});

test("a personal token from the settings page answers GET /me as this organiser, until revoked", async ({
  browser,
  request,
}) => {
  // An account of its own: the password tests' account is near its per-account sign-in limit.
  const own = `tokens-${Date.now().toString(36)}@example.org`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await trpcAs(page, "account.signUp", { email: own, password, name: "Token Organiser" });
  await signInAs(page, own, password);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Jetons personnels" });
  await section.getByLabel("Libellé").fill("Script d'inscriptions");
  await section.getByRole("button", { name: "Créer un jeton" }).click();
  await expect(section.getByTestId("token-reveal")).toBeVisible();
  const raw = (await section.getByTestId("raw-token").textContent()) ?? "";
  expect(raw).toMatch(/^rfy_/);
  await expect(section.getByTestId("curl-example")).toContainText("/api/me");
  const table = section.getByTestId("personal-tokens-table");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await screenshot(page, "accounts-02b-personal-token-1280");

  const me = await request.get("/api/me", { headers: { Authorization: `Bearer ${raw}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ kind: "organiser", level: "user", user: { email: own } });

  await table.getByRole("button", { name: "Révoquer" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Révoquer" }).click();
  await expect(table).toContainText("Révoqué");
  const refused = await request.get("/api/me", { headers: { Authorization: `Bearer ${raw}` } });
  expect(refused.status()).toBe(401);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("token-reveal")).toHaveCount(0);
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, "accounts-02c-personal-tokens-390");
  await page.context().close();
});

test("sign out everywhere signs out this browser and every other one", async ({ browser }) => {
  const page = await organiserPage(browser);
  const elsewhere = await organiserPage(browser, 390);
  await elsewhere.goto("/events");
  await expect(elsewhere.getByRole("heading", { name: "Événements" })).toBeVisible();
  await page.goto("/account");
  await page.getByRole("button", { name: "Se déconnecter partout" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("celui-ci compris, devront se reconnecter");
  await dialog.getByRole("button", { name: "Se déconnecter partout" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/signin/);
  await page.context().close();
  await elsewhere.context().close();
});

test("the administrators' page disables, enables, promotes and demotes an organiser", async ({ browser }) => {
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInDemo(admin);
  const organiser = await organiserPage(browser);
  await admin.goto("/events");
  await admin.getByRole("link", { name: "Administration" }).click();
  await expect(admin.getByRole("heading", { name: "Organisateurs" })).toBeVisible();
  const row = admin.locator(`tr[data-email="${email}"]`);
  await expect(row).toContainText("Alex Organiser");
  await expect(row).toContainText("Actif");
  const demo = admin.locator('tr[data-email="demo@runify.local"]');
  await expect(demo).toContainText("Admin");
  await expect(demo).toContainText("(vous)");
  // An administrator cannot disable itself.
  await expect(demo.getByRole("button", { name: "Désactiver" })).toHaveCount(0);

  await row.getByRole("button", { name: "Désactiver" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Désactiver" }).click();
  await expect(row).toContainText("Désactivé");
  await screenshot(admin, "accounts-03-admin-1280");
  await organiser.goto("/events");
  await expect(organiser).toHaveURL(/\/signin/);
  await organiser.getByLabel("E-mail").fill(email);
  await organiser.getByLabel("Mot de passe").fill(password);
  await organiser.getByRole("button", { name: "Se connecter" }).click();
  await expect(organiser.getByText("Ce compte est désactivé")).toBeVisible();

  await row.getByRole("button", { name: "Réactiver" }).click();
  await expect(row).toContainText("Actif");
  await row.getByRole("button", { name: "Nommer admin" }).click();
  await expect(row).toContainText("Admin");
  await row.getByRole("button", { name: "Retirer admin" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Retirer admin" }).click();
  await expect(row.getByRole("button", { name: "Nommer admin" })).toBeVisible();
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.reload();
  await screenshot(admin, "accounts-04-admin-390");

  // Enabled again, the organiser signs in.
  await organiser.getByRole("button", { name: "Se connecter" }).click();
  await expect(organiser).toHaveURL(/\/events/);
  await admin.close();
  await organiser.context().close();
});
