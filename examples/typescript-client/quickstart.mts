/**
 * The README's quick start with a typed client generated from /api/openapi.json (openapi-typescript +
 * openapi-fetch). Generate the types, then run it:
 *
 *   npx openapi-typescript http://localhost:3000/api/openapi.json -o examples/typescript-client/runify-api.d.ts
 *   RUNIFY_API=http://localhost:3000/api RUNIFY_TOKEN=$TOKEN npx tsx examples/typescript-client/quickstart.mts
 *
 * tests/api/openapi-tools.test.ts does exactly this against a real server: it type-checks this file against
 * the generated types (strict) and runs it.
 */
import createClient from "openapi-fetch";
import type { paths } from "./runify-api";

const baseUrl = process.env.RUNIFY_API ?? "http://localhost:3000/api";
const token = process.env.RUNIFY_TOKEN;
if (!token) throw new Error("Set RUNIFY_TOKEN (npm run --silent token -- --event 'Trail des Monts')");

const client = createClient<paths>({ baseUrl, headers: { "X-API-Key": token } });
const device = `phone-${Date.now()}`;
const at = (sec: number) => new Date(Date.now() - 600_000 + sec * 1000).toISOString();

// 1. start a track → 201
const created = await client.POST("/tracks", { body: { device_track_id: device, start_ts: at(0) } });
if (!created.data) throw new Error(`create: ${JSON.stringify(created.error)}`);
const id = created.data.id;

// 2. send points → 204
const points = await client.POST("/tracks/{id}/points", {
  params: { path: { id } },
  body: {
    points: [
      { latitude: 45.1, longitude: 6.2, timestamp: at(5), altitude: 812, accuracy: 4 },
      { latitude: 45.1003, longitude: 6.2, timestamp: at(15), altitude: 813, accuracy: 4 },
    ],
  },
});
if (points.response.status !== 204) throw new Error(`points: ${JSON.stringify(points.error)}`);

// 3. pause → 200 with the track
const paused = await client.PATCH("/tracks/{id}", { params: { path: { id } }, body: { state: "paused" } });
if (paused.data?.state !== "paused") throw new Error(`pause: ${JSON.stringify(paused.error)}`);

// 4. finish → 200 with the statistics
const finished = await client.POST("/tracks/{id}/finish", { params: { path: { id } } });
if (!finished.data) throw new Error(`finish: ${JSON.stringify(finished.error)}`);

// read back: the track and its points by time
const track = await client.GET("/tracks/{id}", { params: { path: { id } } });
const page = await client.GET("/tracks/{id}/points", {
  params: { path: { id }, query: { limit: 100, offset: 0 } },
});

// or everything at once → 201 {track_id}
const synced = await client.POST("/sync", {
  body: {
    track: { device_track_id: `${device}-sync` },
    points: [{ latitude: 45.1, longitude: 6.2, timestamp: at(5) }],
  },
});

// an error is typed too: {code, message, issues}
const missing = await client.GET("/tracks/{id}", {
  params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
});

console.log(
  JSON.stringify({
    id,
    state: track.data?.state,
    distance_m: finished.data.stats.distance_meters,
    points: page.data?.count,
    synced: synced.data?.track_id,
    missing: missing.error?.code,
  }),
);
