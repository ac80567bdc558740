import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { executeAdminCommand } from "~/server/admin/client";
import { openApiProcedures } from "~/server/api/procedures";
import { appRouter } from "~/server/api/root";
import { dbConfigFrom } from "~/server/config";
import { APP_ERROR_CODES } from "~/server/errors";
import { api, linePoints } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

/**
 * Issue 11's proof: malformed requests generated from the procedures' own zod schemas, against every REST
 * endpoint and the dashboard's tRPC procedures, on a server of its own (to read its memory). Every answer is
 * below 500 with the documented error body, a refused request stores nothing, and the server keeps answering.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);
const TRPC_RUNS = Number(process.env.FUZZ_TRPC_RUNS ?? 300);

type Json = unknown;
type Path = Array<string | number>;

/** Every field path of an input schema (objects, and the first element of arrays). */
function fieldPaths(schema: z.ZodType | undefined, prefix: Path = []): Path[] {
  let type = schema as unknown as { _zod?: { def: Record<string, unknown> } } | undefined;
  for (let depth = 0; type?._zod && depth < 10; depth++) {
    const def = type._zod.def;
    const t = def.type as string;
    if (["optional", "nullable", "default", "prefault", "readonly", "catch"].includes(t))
      type = def.innerType as typeof type;
    else if (t === "pipe") type = def.in as typeof type;
    else if (t === "object") {
      const shape = (type as unknown as { shape: Record<string, z.ZodType> }).shape;
      return Object.entries(shape).flatMap(([k, v]) => [[...prefix, k], ...fieldPaths(v, [...prefix, k])]);
    } else if (t === "array") return fieldPaths(def.element as z.ZodType, [...prefix, 0]);
    else return [];
  }
  return [];
}

const NUL = "a\u0000b";
/** Values no field should take as they are: wrong types, absurd numbers, unstorable times, NUL, huge text. */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    null,
    "",
    NUL,
    true,
    false,
    [],
    {},
    "0x2A",
    "42",
    1e308,
    -1e308,
    -1,
    0,
    2 ** 53,
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "2099-01-01T00:00:00Z",
    "2026-03-12T08:20:00",
    "x".repeat(100_000),
    "<script>alert(1)</script>",
    "'; DROP TABLE tracks; --",
    "00000000-0000-4000-8000-000000000000",
  ),
  fc.string({ maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

function setPath(value: Json, path: Path, next: Json | undefined): Json {
  const [key, ...rest] = path;
  if (key === undefined) return next;
  const copy = (
    Array.isArray(value) ? [...value] : typeof value === "object" && value !== null ? { ...value } : {}
  ) as Record<string | number, Json>;
  if (rest.length === 0 && next === undefined) delete copy[key];
  else copy[key] = setPath(copy[key], rest, next);
  return copy;
}

// 1,200 requests take ≈ 40 s alone; on a loaded 2-core machine several times that. A hang still fails.
const FUZZ_TIMEOUT_MS = 600_000;

describe("fuzzing every endpoint with malformed requests", () => {
  let database: TestDatabase;
  let server: TestServer;
  let token = "";
  let trackId = "";
  const counts = { rest: 0, trpc: 0, refused: 0, accepted: 0 };

  const rssMb = () => {
    const status = fs.readFileSync(`/proc/${server.process.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  };

  async function freshToken() {
    const issued = await executeAdminCommand({ op: "token", event: "fuzz" }, dbConfigFrom(database.url));
    if (!("token" in issued)) throw new Error("no token");
    return issued.token;
  }

  beforeAll(async () => {
    database = await createTestDatabase(process.env.TEST_DB === "postgres" ? "postgres" : "embedded", "fuzz");
    server = await startServer(database.url, { RATE_LIMIT_MAX: "0" });
    token = await freshToken();
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base: server.url,
      body: { device_track_id: "seed", start_ts: "2026-03-12T08:00:00Z" },
    });
    trackId = created.body.id;
    await api("POST", `/tracks/${trackId}/points`, {
      token,
      base: server.url,
      body: { points: linePoints(20) },
    });
  });
  afterAll(async () => {
    console.info(
      `fuzz: ${counts.rest} REST and ${counts.trpc} tRPC requests; ${counts.refused} refused (4xx), ${counts.accepted} accepted`,
    );
    await server?.stop();
    await database?.drop();
  });

  /** What a refused request must not have changed: every track of the event, its points count and version. */
  async function state() {
    const res = await api<{
      total: number;
      tracks: Array<{ id: string; points_count: number; updated_at: string }>;
    }>("GET", "/tracks?per_page=100", { token, base: server.url });
    return JSON.stringify([res.body.total, res.body.tracks.map((t) => [t.id, t.points_count, t.updated_at])]);
  }

  const base = (path: string): Record<string, Json> => {
    const point = { latitude: 45.1, longitude: 6.2, timestamp: "2026-03-12T08:30:00Z", altitude: 500 };
    switch (path) {
      case "track.create":
        return {
          device_track_id: "fuzz-device",
          title: "t",
          activity_type: "run",
          start_ts: "2026-03-12T08:00:00Z",
        };
      case "track.addPoints":
        return { points: [point] };
      case "track.update":
        return { title: "renamed", state: "paused", end_ts: "2026-03-12T09:00:00Z" };
      case "track.sync":
        return { track: { device_track_id: "fuzz-sync" }, points: [point], stats: { distance_meters: 10 } };
      case "import.create":
        return { files: [{ name: "a.gpx", data_base64: "PGdweC8+" }] };
      case "track.list":
        return { page: 1, per_page: 10, from: "2026-01-01T00:00:00Z" };
      case "track.points":
        return { limit: 10, offset: 0 };
      case "track.chart":
        return { max_points: 100, zoom: 12 };
      default:
        return {};
    }
  };

  it(
    `answers ${RUNS} malformed REST requests below 500, in the documented error body, storing nothing`,
    async () => {
      const procedures = [...openApiProcedures().values()];
      const before = rssMb();
      const arbitrary = fc.record({
        // By path, so that a counterexample prints short.
        procedurePath: fc.constantFrom(...procedures.map((p) => p.path)),
        pick: fc.nat(),
        value: badValue,
        drop: fc.boolean(),
        wholeBody: fc.option(fc.oneof(fc.constant([]), fc.constant("x"), fc.constant(7), fc.constant(null)), {
          freq: 8,
        }),
        unknownQuery: fc.boolean(),
      });
      let current = await state();
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ procedurePath, pick, value, drop, wholeBody, unknownQuery }) => {
          const procedure = procedures.find((p) => p.path === procedurePath);
          if (!procedure) throw new Error(`no procedure ${procedurePath}`);
          const { method, path } = procedure.meta.openapi;
          const paths = fieldPaths(procedure.input).filter((p) => p[0] !== "id" && p[0] !== "event_id");
          const field = paths.length ? paths[pick % paths.length] : undefined;
          let input: Json = base(procedure.path);
          if (wholeBody !== null) input = wholeBody;
          else if (field) input = setPath(input, field, drop ? undefined : value);
          const url = path.replace("{id}", trackId);
          let res: Awaited<ReturnType<typeof api>>;
          if (method === "GET" || method === "DELETE") {
            const query = new URLSearchParams();
            if (typeof input === "object" && input !== null && !Array.isArray(input))
              for (const [k, v] of Object.entries(input))
                query.set(k, typeof v === "string" ? v : JSON.stringify(v));
            if (unknownQuery) query.set("page_size", "5");
            const qs = query.toString();
            res = await api(method, `${url}${qs ? `?${qs}` : ""}`, { token, base: server.url });
          } else {
            // POST /logout revokes the token that calls it: a token of its own, so the others' calls go on.
            const caller = procedure.path === "runner.logout" ? await freshToken() : token;
            res = await api(method, url, { token: caller, base: server.url, rawBody: JSON.stringify(input) });
          }
          counts.rest++;
          expect(
            res.status,
            `${method} ${url} ${JSON.stringify(input).slice(0, 300)} → ${res.text.slice(0, 300)}`,
          ).toBeLessThan(500);
          if (res.status >= 400) {
            counts.refused++;
            // 431: a query string past Node's header limit, refused before any code of ours runs.
            if (res.status !== 431) {
              const body = res.body as { code?: unknown; message?: unknown } | null;
              expect(APP_ERROR_CODES).toContain(body?.code);
              expect(typeof body?.message).toBe("string");
            }
            // Nothing stored by a refused request.
            expect(await state()).toBe(current);
          } else {
            counts.accepted++;
            current = await state();
          }
          // The seed track stays: deletion and finish are in the mix, so bring it back for the next ones.
          if (method === "DELETE" && res.status < 300) {
            const again = await api<{ id: string }>("POST", "/tracks", {
              token,
              base: server.url,
              body: { device_track_id: `seed-${counts.rest}`, start_ts: "2026-03-12T08:00:00Z" },
            });
            trackId = again.body.id;
            current = await state();
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
      );
      // Still serving, and the memory taken by huge bodies given back (within 200 MB of where it started).
      expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(200);
      if (typeof global.gc !== "function") await new Promise((r) => setTimeout(r, 2000));
      expect(rssMb()).toBeLessThan(before + 200);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers ${TRPC_RUNS} malformed dashboard tRPC calls below 500`,
    async () => {
      const organiser = await signedInOrganiser(server.url);
      const procedures = Object.entries(
        appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
      )
        .filter(([path]) => !openApiProcedures().has(path) && path !== "account.signUp")
        .map(([path, p]) => ({ path, type: p._def.type }));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...procedures),
          fc.oneof(badValue, fc.dictionary(fc.string({ maxLength: 12 }), badValue)),
          async (p, input) => {
            const query = p.type === "query" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
            const res = await fetch(`${server.url}/api/trpc/${p.path}${query}`, {
              method: p.type === "query" ? "GET" : "POST",
              headers: { "Content-Type": "application/json", cookie: organiser.cookie },
              body: p.type === "query" ? undefined : JSON.stringify(input),
            });
            counts.trpc++;
            const text = await res.text();
            expect(
              res.status,
              `${p.path} ${JSON.stringify(input).slice(0, 200)} → ${text.slice(0, 300)}`,
            ).toBeLessThan(500);
            // 431: a query string past Node's header limit, refused before any code of ours runs.
            if (res.status >= 400 && res.status !== 431)
              expect(JSON.parse(text)).toHaveProperty("error.data.appCode");
          },
        ),
        { numRuns: TRPC_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
