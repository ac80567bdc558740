import type { CDPSession, Page } from "@playwright/test";

/**
 * What bench:browser measures inside the page, the same whatever the page's implementation: long tasks and
 * event timing (PerformanceObserver), and when each runner's marker reached a position — Leaflet's layers are
 * hooked at their prototype (`setLatLng` / construction of markers and circle markers), so a DOM marker and a
 * canvas one are timed alike; "drawn" is the first task after the next animation frame (after its paint).
 */
export const PROBE_SCRIPT = `(() => {
  const b = (window.__bench = { long: [], events: [], set: new Map(), drawn: new Map(), frames: [] });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.long.push(e.duration); })
      .observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === "keydown") b.events.push(e.duration);
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch {}
  let pending = [];
  // Off while a replay is measured: it moves every marker each frame, and stamping them (two toFixed and a Map
  // lookup each, 60,000 a second) was 5.6 % of the replay's CPU profile — the probe's cost, not the page's.
  b.stamping = true;
  const stamp = (ll) => {
    if (!b.stamping || !ll || typeof ll.lat !== "number") return;
    const key = ll.lng.toFixed(5) + "|" + ll.lat.toFixed(6);
    if (b.set.has(key)) return;
    b.set.set(key, Date.now());
    pending.push(key);
    if (pending.length === 1)
      requestAnimationFrame(() => setTimeout(() => {
        const now = Date.now();
        for (const k of pending) b.drawn.set(k, now);
        pending = [];
      }, 0));
  };
  const hook = (L) => {
    if (!L || !L.Marker || L.__benchHooked) return;
    L.__benchHooked = true;
    for (const cls of [L.Marker, L.CircleMarker]) {
      const set = cls.prototype.setLatLng;
      cls.prototype.setLatLng = function (ll) { const r = set.apply(this, arguments); stamp(this._latlng); return r; };
      const init = cls.prototype.initialize;
      cls.prototype.initialize = function (ll) { const r = init.apply(this, arguments); stamp(this._latlng); return r; };
    }
  };
  // Hooked the moment Leaflet publishes itself as window.L, before the page can make a layer with it.
  let current = window.L;
  hook(current);
  Object.defineProperty(window, "L", {
    configurable: true,
    get: () => current,
    set: (v) => { current = v; hook(v); },
  });
  // Messages the page received from the live stream, by type (whether it keeps up with the server).
  // Points messages are kept raw with their arrival time (parsed after the window, not on the page's thread):
  // 204 → received is the server's share of a marker's latency, received → drawn the page's.
  b.messages = 0;
  b.received = [];
  const listen = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, fn, opts) {
    return listen.call(this, type, function (e) {
      b.messages += 1;
      if (type === "points" || type === "moves") b.received.push([Date.now(), e.data]);
      return fn.apply(this, arguments);
    }, opts);
  };
  b.countFrames = () => {
    b.stamping = false;
    b.frames = [];
    const tick = (t) => { b.frames.push(t); if (b.counting) requestAnimationFrame(tick); };
    b.counting = true;
    requestAnimationFrame(tick);
  };
})();`;

export const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
};
export const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

async function taskSeconds(cdp: CDPSession) {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as {
    metrics: Array<{ name: string; value: number }>;
  };
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  return {
    task: get("TaskDuration"),
    script: get("ScriptDuration"),
    layout: get("LayoutDuration") + get("RecalcStyleDuration"),
  };
}

export interface WindowFigures {
  busy_percent: number | null;
  script_percent: number | null;
  style_layout_percent: number | null;
  long_tasks: number;
  long_task_p50_ms: number | null;
  long_task_max_ms: number | null;
  input_p50_ms: number | null;
  input_p95_ms: number | null;
  input_max_ms: number | null;
  keydown_to_paint_p95_ms: number | null;
}

/**
 * Measures the page for `seconds`: main-thread busy share (CDP TaskDuration over wall time), long tasks, and,
 * with `inputs`, a key press injected every 500 ms through CDP (the time until the renderer has handled it;
 * the Event Timing duration to the next paint as a second figure).
 */
export async function measureWindow(page: Page, cdp: CDPSession, seconds: number, inputs = true) {
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { long: number[]; events: number[] } }).__bench;
    b.long = [];
    b.events = [];
  });
  const before = await taskSeconds(cdp);
  const started = performance.now();
  const input: number[] = [];
  while (performance.now() - started < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 500));
    if (!inputs) continue;
    const key = { key: "Shift", code: "ShiftLeft", windowsVirtualKeyCode: 16 };
    const t = performance.now();
    await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", ...key });
    input.push(performance.now() - t);
    await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...key });
  }
  const wall = (performance.now() - started) / 1000;
  const after = await taskSeconds(cdp);
  const { long, events } = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { long: number[]; events: number[] } }).__bench;
    return { long: b.long, events: b.events };
  });
  const share = (a: number, b: number) => round(((a - b) / wall) * 100);
  const figures: WindowFigures = {
    busy_percent: share(after.task, before.task),
    script_percent: share(after.script, before.script),
    style_layout_percent: share(after.layout, before.layout),
    long_tasks: long.length,
    long_task_p50_ms: round(percentile(long, 50)),
    long_task_max_ms: round(long.length ? Math.max(...long) : null),
    input_p50_ms: round(percentile(input, 50)),
    input_p95_ms: round(percentile(input, 95)),
    input_max_ms: round(input.length ? Math.max(...input) : null),
    keydown_to_paint_p95_ms: events.length ? round(percentile(events, 95)) : 16,
  };
  return figures;
}

/** Positions drawn since the page opened: key "lon|lat" → epoch ms. */
export async function drawnPositions(page: Page): Promise<Map<string, number>> {
  const entries = await page.evaluate(() =>
    Array.from((window as unknown as { __bench: { drawn: Map<string, number> } }).__bench.drawn),
  );
  return new Map(entries);
}

/**
 * When each position reached the page in a points message (organiser) or a moves entry (spectator): key
 * "lon|lat" of the batch's last point → epoch ms of its arrival (the first, if a catch-up repeated it).
 */
export async function receivedPositions(page: Page): Promise<Map<string, number>> {
  const raw = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { received: Array<[number, string]> } }).__bench;
    const all = b.received;
    b.received = [];
    return all;
  });
  const received = new Map<string, number>();
  for (const [at, data] of raw) {
    const message = JSON.parse(data) as {
      points?: Array<[number, number]>;
      moves?: Array<[number, string, Array<[number, number]>]>;
    };
    const batches = message.moves ? message.moves.map((m) => m[2]) : [message.points ?? []];
    for (const points of batches) {
      const last = points[points.length - 1];
      if (!last) continue;
      const key = `${last[1].toFixed(5)}|${last[0].toFixed(6)}`;
      if (!received.has(key)) received.set(key, at);
    }
  }
  return received;
}

/** Frames per second and the worst gap between frames over `seconds`, with the busy share. */
export async function measureFrames(page: Page, cdp: CDPSession, seconds: number) {
  await page.evaluate(() =>
    (window as unknown as { __bench: { countFrames: () => void } }).__bench.countFrames(),
  );
  const figures = await measureWindow(page, cdp, seconds, false);
  const frames = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { frames: number[]; counting: boolean } }).__bench;
    b.counting = false;
    return b.frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - (frames[i] ?? t));
  const span = (frames[frames.length - 1] ?? 0) - (frames[0] ?? 0);
  return {
    fps: round(span > 0 ? ((frames.length - 1) / span) * 1000 : 0),
    worst_frame_gap_ms: round(gaps.length ? Math.max(...gaps) : null),
    busy_percent: figures.busy_percent,
    long_tasks: figures.long_tasks,
    long_task_max_ms: figures.long_task_max_ms,
  };
}
