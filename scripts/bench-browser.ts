/**
 * npm run bench:browser — the pages in headless Chromium (Debian's) at race size, on the built app and
 * PostgreSQL, everything on loopback, bounded in time:
 *   live page, N running participants each posting a 5-point batch every 5 s: main-thread busy share, long
 *   tasks, input latency (key presses injected through CDP), a batch's 204 → its marker drawn; on desktop and
 *   on a 390-px phone viewport with 4× CPU throttling; the idle page; the replay at 60× (fps); the track page
 *   of 500 / 5,000 / 50,000 points (time to first byte, time until hydrated with its map drawn).
 *   --runners N (1000)  --seconds S per measured window (8; a full run: 30)  --sizes 500,5000,50000
 *   --skip live,phone,idle,replay,track  --profile DIR (a CPU profile of each measured window, and its top
 *   functions by self time on stderr)
 * Last line: one JSON object, ending with `goals`: issue 16's goals, each with its figure and whether it is met.
 * A live phase also gives `stream_messages`, what the page received: few of them with markers missing means
 * the server fell behind (a saturated machine), not the page.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { openDatabase } from "~/server/db/client";
import { DEFAULT_ORGANISER_EMAIL, ensureOrganiser } from "~/server/services/organisers";
import { createTestDatabase, startServer } from "../tests/support/server";
import { closeAgent, type Race, runDevices, startRace, syncTrack } from "./bench-browser/load";
import {
  drawnPositions,
  receivedPositions,
  measureFrames,
  measureWindow,
  PROBE_SCRIPT,
  percentile,
  round,
} from "./bench-browser/probe";
import { goals } from "./bench-browser/goals";
import { profiled } from "./bench-browser/profile";

const { values } = parseArgs({
  options: {
    runners: { type: "string" },
    seconds: { type: "string" },
    sizes: { type: "string" },
    skip: { type: "string" },
    port: { type: "string" },
    profile: { type: "string" },
    trace: { type: "string" },
  },
});
const RUNNERS = Number(values.runners ?? 1000);
const SECONDS = Number(values.seconds ?? 8);
const SIZES = (values.sizes ?? "500,5000,50000").split(",").map(Number);
const SKIP = new Set((values.skip ?? "").split(","));
const PROFILE = values.profile;
const TRACE = values.trace;
const PORT = values.port ?? process.env.BENCH_BROWSER_PORT ?? "6600";
const DEMO_PASSWORD = "runify-demo";
const log = (s: string) => console.error(`[bench:browser] ${s}`);

/**
 * `organiser`: signed in as the event's organiser, who gets every frame in real time; otherwise a spectator of
 * the public page, whose frames the server gathers every LIVE_SPECTATOR_FLUSH_MS (500 ms: 204 → received is
 * then 0–500 ms by design, README "Spectators").
 */
async function openPage(browser: Browser, url: string, phone: boolean, organiser = false) {
  const context = await browser.newContext({
    locale: "en-GB",
    timezoneId: "Europe/Paris",
    ...(phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 860 } }),
  });
  await context.addInitScript(PROBE_SCRIPT);
  const page = await context.newPage();
  if (organiser) await signIn(page, new URL(url).origin);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "timeTicks" });
  if (phone) await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const t = performance.now();
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { L?: unknown }).L !== undefined, null, {
    timeout: 60_000,
  });
  await page.waitForTimeout(1500);
  return { context, page, cdp, loadMs: round(performance.now() - t) };
}

async function signIn(page: Page, origin: string) {
  await page.goto(`${origin}/signin`);
  await page.fill("#email", "demo@runify.local");
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/events/), page.click("button[type=submit]")]);
}

/** 204 → marker drawn, over the batches acknowledged during the window. */
async function markerLatency(page: Page, acked: Map<string, number>, since: number, until: number) {
  const drawn = await drawnPositions(page);
  const received = await receivedPositions(page);
  const latency: number[] = [];
  const stream: number[] = [];
  const inPage: number[] = [];
  let missing = 0;
  const inWindow = [...acked].filter(([, at]) => at >= since && at <= until);
  for (const [key, at] of inWindow) {
    const d = drawn.get(key);
    const r = received.get(key);
    if (r !== undefined) stream.push(Math.max(0, r - at));
    if (d === undefined) missing += 1;
    else latency.push(Math.max(0, d - at));
    if (d !== undefined && r !== undefined) inPage.push(Math.max(0, d - r));
  }
  return {
    batches: latency.length + missing,
    marker_p50_ms: round(percentile(latency, 50)),
    marker_p95_ms: round(percentile(latency, 95)),
    marker_missing: missing,
    // The two halves: 204 → the points message received by the page (server and network), then → drawn.
    received_p50_ms: round(percentile(stream, 50)),
    received_p95_ms: round(percentile(stream, 95)),
    received_to_drawn_p50_ms: round(percentile(inPage, 50)),
    received_to_drawn_p95_ms: round(percentile(inPage, 95)),
    received_missing: inWindow.filter(([key]) => !received.has(key)).length,
  };
}

async function livePhase(
  browser: Browser,
  url: string,
  api: string,
  headers: Record<string, string>,
  race: Race,
  phone: boolean,
  organiser: boolean,
) {
  const devices = runDevices(api, headers, race);
  try {
    const { context, page, cdp, loadMs } = await openPage(browser, url, phone, organiser);
    await page.waitForTimeout(3000); // the first round of batches
    const since = Date.now();
    const name = phone ? "live-phone" : "live-desktop";
    if (TRACE) {
      fs.mkdirSync(TRACE, { recursive: true });
      await browser.startTracing(page, { path: `${TRACE}/${name}.json`, screenshots: false });
    }
    const figures = await profiled(cdp, PROFILE, name, log, () => measureWindow(page, cdp, SECONDS));
    if (TRACE) {
      await browser.stopTracing();
      log(`${TRACE}/${name}.json: open it in DevTools' Performance panel`);
    }
    // The window's batches (acknowledged by its end) are given 3 s to reach the page: one never drawn by then
    // counts as missing.
    const until = Date.now();
    await page.waitForTimeout(3000);
    const markers = await markerLatency(page, devices.acked, since, until);
    // Few messages with many markers missing: the stream (the server) fell behind, not the page.
    const messages = await page.evaluate(
      () => (window as unknown as { __bench: { messages: number } }).__bench.messages,
    );
    await context.close();
    return {
      viewer: organiser ? "organiser" : "spectator",
      load_ms: loadMs,
      ...figures,
      ...markers,
      stream_messages: messages,
      batches_sent: devices.acked.size,
      post_errors: devices.errors(),
    };
  } finally {
    await devices.stop();
  }
}

/**
 * The server process's CPU time (user + system, its threads included), ms: on a loaded machine a page's wall
 * time says how busy the machine is, its CPU time what the page costs. Linux only (/proc); null elsewhere.
 */
function serverCpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux architecture Node runs on

async function trackPage(browser: Browser, origin: string, eventId: string, trackId: string, pid?: number) {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signIn(page, origin);
  const runs: Array<{ ttfb: number; interactive: number }> = [];
  let cpuBefore: number | null = null;
  for (let i = 0; i < 4; i++) {
    if (i === 1) cpuBefore = serverCpuMs(pid);
    await page.goto(`${origin}/events/${eventId}/tracks/${trackId}`, { waitUntil: "commit" });
    const interactive = await page.waitForFunction(
      () => {
        const chart = document.querySelector("[data-testid=elevation-chart]");
        const hydrated = chart && Object.keys(chart).some((k) => k.startsWith("__reactProps"));
        const drawn = document.querySelector(".leaflet-overlay-pane path, .leaflet-overlay-pane canvas");
        return hydrated && drawn ? performance.now() : false;
      },
      null,
      { polling: "raf", timeout: 60_000 },
    );
    const at = (await interactive.jsonValue()) as number;
    const ttfb = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return nav ? nav.responseStart - nav.startTime : Number.NaN;
    });
    if (i > 0) runs.push({ ttfb, interactive: at }); // the first view warms the server
  }
  const cpuAfter = serverCpuMs(pid);
  await context.close();
  return {
    ttfb_ms: round(
      percentile(
        runs.map((r) => r.ttfb),
        50,
      ),
    ),
    interactive_ms: round(
      percentile(
        runs.map((r) => r.interactive),
        50,
      ),
    ),
    // The server's CPU per measured view (the page and what the browser then asks for: chunks, tRPC calls).
    server_cpu_ms_per_view:
      cpuBefore === null || cpuAfter === null ? null : round((cpuAfter - cpuBefore) / runs.length),
  };
}

async function main() {
  const database = await createTestDatabase("postgres", "browser");
  const db = await openDatabase(dbConfigFrom(database.url));
  await ensureOrganiser(db, { email: DEFAULT_ORGANISER_EMAIL, password: DEMO_PASSWORD }).finally(() =>
    db.close(),
  );
  const server = await startServer(database.url, { RATE_LIMIT_MAX: "0", PORT });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
  const result: Record<string, unknown> = { runners: RUNNERS, seconds: SECONDS };
  try {
    const issued = await executeAdminCommand(
      { op: "token", event: `browser-bench-${Date.now()}`, public: true },
      dbConfigFrom(database.url),
    );
    if (!("token" in issued)) throw new Error("no token");
    const headers = { "X-API-Key": issued.token, "Content-Type": "application/json" };
    const api = `${server.url}/api`;
    const liveUrl = `${server.url}/live/${issued.eventId}`;
    const needsRace = ["live", "phone", "idle", "replay"].some((p) => !SKIP.has(p));
    if (needsRace) {
      log(`${RUNNERS} runners with 15 minutes of history…`);
      const race = await startRace(api, headers, RUNNERS, 15);
      if (!SKIP.has("live")) {
        log("live page, desktop");
        result.live_desktop = await livePhase(browser, liveUrl, api, headers, race, false, true);
        log(JSON.stringify(result.live_desktop));
      }
      if (!SKIP.has("phone")) {
        log("live page, 390 px, 4× CPU throttling");
        result.live_phone = await livePhase(browser, liveUrl, api, headers, race, true, false);
        log(JSON.stringify(result.live_phone));
      }
      if (!SKIP.has("idle")) {
        log("live page, idle (no batches)");
        const { context, page, cdp } = await openPage(browser, liveUrl, false);
        await page.waitForTimeout(2000);
        result.live_idle = await profiled(cdp, PROFILE, "idle", log, () =>
          measureWindow(page, cdp, SECONDS, false),
        );
        log(JSON.stringify(result.live_idle));
        await context.close();
      }
      if (!SKIP.has("replay")) {
        log("replay at 60×");
        const { context, page, cdp } = await openPage(browser, liveUrl, false);
        await page.getByRole("button", { name: /^Replay the race$/ }).click();
        const bar = page.getByTestId("replay-bar");
        await bar.waitFor({ timeout: 60_000 });
        await bar.locator("select").selectOption("60");
        const play = bar.getByRole("button", { name: /^Play$/ });
        if (await play.count()) await play.click();
        await page.waitForTimeout(1000);
        result.replay = await profiled(cdp, PROFILE, "replay", log, () =>
          measureFrames(page, cdp, Math.min(SECONDS, 12)),
        );
        log(JSON.stringify(result.replay));
        await context.close();
      }
    }
    if (!SKIP.has("track")) {
      const tracks: Record<string, unknown> = {};
      for (const n of SIZES) {
        const id = await syncTrack(api, headers, n);
        tracks[String(n)] = await trackPage(browser, server.url, issued.eventId, id, server.process.pid);
        log(`track page, ${n} points: ${JSON.stringify(tracks[String(n)])}`);
      }
      result.track_page = tracks;
    }
    result.goals = goals(result);
    console.log(JSON.stringify(result));
  } finally {
    closeAgent();
    await browser.close();
    await server.stop();
    await database.drop();
  }
}

await main();
