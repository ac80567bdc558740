import { expect, type Page } from "@playwright/test";

/** A loop south of Paris: `n` points, one every 5 s at ≈3 m/s, altitude rolling between 60 and 120 m. */
export function loopPoints(n: number, start = new Date("2026-05-10T07:30:00.000Z")) {
  const centre = { lat: 48.8462, lon: 2.3372 };
  const radius = 0.006;
  return Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    return {
      latitude: centre.lat + radius * Math.sin(angle),
      longitude: centre.lon + radius * 1.5 * Math.cos(angle),
      timestamp: new Date(start.getTime() + i * 5000).toISOString(),
      altitude: 90 + 30 * Math.sin(angle * 3),
      accuracy: 5,
    };
  });
}

export const SCREENSHOTS = "e2e/artifacts";

export async function screenshot(page: Page, name: string) {
  // Let Leaflet finish its fit animation and tiles fade in.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/**
 * Signs `page` in as the seeded demo organiser through next-auth's credentials endpoint (the sign-in form itself
 * is the dashboard spec's to test).
 */
export async function signInDemo(page: Page) {
  await signInAs(page, "demo@runify.local", "runify-demo");
}

/** The same for any organiser (the seeded demo organiser is the instance's administrator: the first account). */
export async function signInAs(page: Page, email: string, password: string) {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signedIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(signedIn.ok()).toBe(true);
}

/** A tRPC call as `page`'s signed-in user (no transformer: plain JSON in, `{ result: { data } }` out). */
export async function trpcAs<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${path}`, {
    data: JSON.stringify(input),
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}
