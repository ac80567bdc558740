import http from "node:http";

/**
 * The race bench:browser watches: runner d runs north along longitude 6 + d·10⁻⁴ at 3 m/s, so a position's
 * key (`lon|lat`, as the page probe writes it) names the runner and the moment.
 */
export const lonOf = (d: number) => 6 + d * 1e-4;
export const latAt = (sinceStartSec: number) => 45 + sinceStartSec * 2.7e-5;
export const keyOf = (lon: number, lat: number) => `${lon.toFixed(5)}|${lat.toFixed(6)}`;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
export function post(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        text += d;
      });
      res.once("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once("error", reject);
    req.end(body);
  });
}
export const closeAgent = () => agent.destroy();

async function inChunks<T>(items: T[], size: number, each: (item: T, i: number) => Promise<void>) {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, k) => each(item, i + k)));
}

export interface Race {
  tracks: string[];
  /** Epoch ms of everyone's first point. */
  start: number;
}

/** `runners` running tracks, each with `historyMin` minutes of points (one every 15 s) up to now. */
export async function startRace(
  api: string,
  headers: Record<string, string>,
  runners: number,
  historyMin: number,
) {
  const start = Date.now() - historyMin * 60_000;
  const tracks: string[] = Array.from({ length: runners }, () => "");
  await inChunks(tracks, 16, async (_, d) => {
    const created = await post(
      `${api}/tracks`,
      headers,
      JSON.stringify({ device_track_id: `runner-${d}`, start_ts: new Date(start).toISOString() }),
    );
    const id = (JSON.parse(created.body) as { id: string }).id;
    tracks[d] = id;
    const points = [];
    for (let ts = start; ts < Date.now() - 5000; ts += 15_000)
      points.push({
        latitude: latAt((ts - start) / 1000),
        longitude: lonOf(d),
        timestamp: new Date(ts).toISOString(),
        altitude: 500,
      });
    const res = await post(`${api}/tracks/${id}/points`, headers, JSON.stringify({ points }));
    if (res.status !== 204) throw new Error(`history: ${res.status} ${res.body}`);
  });
  return { tracks, start };
}

/**
 * Every runner posts a 5-point batch (one fix a second) every 5 s, spread evenly over the period, until
 * `stop()`; `acked` maps the key of each batch's last position to the epoch ms its 204 arrived.
 */
export function runDevices(api: string, headers: Record<string, string>, race: Race) {
  const acked = new Map<string, number>();
  let running = true;
  let errors = 0;
  const startedAt = Date.now();
  const loops = race.tracks.map(async (id, d) => {
    let next = startedAt + (d / race.tracks.length) * 5000;
    let lastTs = startedAt - 5000 + (d / race.tracks.length) * 5000;
    while (running) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!running) break;
      const points = Array.from({ length: 5 }, (_, k) => {
        const ts = Math.floor(lastTs / 1000) * 1000 + (k + 1) * 1000;
        return {
          latitude: latAt((ts - race.start) / 1000),
          longitude: lonOf(d),
          timestamp: new Date(ts).toISOString(),
        };
      });
      lastTs = Date.parse(points[4]?.timestamp ?? "");
      const res = await post(`${api}/tracks/${id}/points`, headers, JSON.stringify({ points })).catch(
        () => null,
      );
      const last = points[4];
      if (res?.status === 204 && last) acked.set(keyOf(last.longitude, last.latitude), Date.now());
      else errors += 1;
      next += 5000;
    }
  });
  return {
    acked,
    errors: () => errors,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** A finished track of `n` points sent with /sync (a loop, one point every 2 s), with sensors when asked. */
export async function syncTrack(api: string, headers: Record<string, string>, n: number, activity = "run") {
  const start = Date.parse("2026-05-10T07:30:00Z");
  const points = Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    return {
      latitude: 48.8462 + 0.02 * Math.sin(angle) + 1e-5 * Math.sin(i / 3),
      longitude: 2.3372 + 0.03 * Math.cos(angle),
      timestamp: new Date(start + i * 2000).toISOString(),
      altitude: 90 + 30 * Math.sin(angle * 7),
      heart_rate_bpm: 140 + Math.round(15 * Math.sin(i / 50)),
      cadence_rpm: 85 + (i % 7),
      power_w: activity === "bike" ? 200 + (i % 40) : undefined,
    };
  });
  const res = await post(
    `${api}/sync`,
    headers,
    JSON.stringify({
      track: { device_track_id: `sync-${n}-${Date.now()}`, activity_type: activity },
      points,
    }),
  );
  if (res.status !== 201) throw new Error(`sync: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { track_id: string }).track_id;
}
