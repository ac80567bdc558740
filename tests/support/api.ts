import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { withEnv } from "./env";

/** Issues a token for a new event of the server's database (through the same path as the token CLI). */
export async function newEventToken(
  opts: {
    server?: "main" | "limited";
    timezone?: string;
    scopes?: Array<"tracks:read" | "tracks:write" | "tracks:delete">;
    isPublic?: boolean;
    spectatorDelaySec?: number;
    databaseUrl?: string;
    expiresInSec?: number;
  } = {},
) {
  const databaseUrl =
    opts.databaseUrl ?? (opts.server === "limited" ? inject("limitedDatabaseUrl") : inject("databaseUrl"));
  const result = await withDatabase(databaseUrl, () =>
    executeAdminCommand({
      op: "token",
      event: `test-${randomUUID()}`,
      timezone: opts.timezone,
      scopes: opts.scopes,
      public: opts.isPublic,
      spectator_delay_sec: opts.spectatorDelaySec,
      expires_in_sec: opts.expiresInSec,
    }),
  );
  if (!("token" in result)) throw new Error("expected a token");
  return result;
}

/** A live share link key for an event created by newEventToken. */
export async function newShareKey(eventName: string, expiresInSec?: number): Promise<string> {
  const result = await withDatabase(inject("databaseUrl"), () =>
    executeAdminCommand({ op: "share", event: eventName, expires_in_sec: expiresInSec }),
  );
  if (!("shareKey" in result)) throw new Error("expected a share key");
  return result.shareKey;
}

function withDatabase<T>(databaseUrl: string, run: () => Promise<T>): Promise<T> {
  return withEnv({ DATABASE_URL: databaseUrl }, run);
}

export async function revoke(token: string) {
  await withDatabase(inject("databaseUrl"), () => executeAdminCommand({ op: "revoke", token }));
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A JSON call to the REST API of the test server. */
export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: {
    token?: string | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    base?: string;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers["X-API-Key"] = opts.token;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["Content-Type"] ??= "application/json";
  const res = await fetch(`${opts.base ?? inject("baseUrl")}/api${path}`, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** Points along a line heading north from (lat, lon): `n` fixes every `stepSec`, `stepM` metres apart. */
export function linePoints(
  n: number,
  opts: { start?: number; stepSec?: number; stepM?: number; lat?: number; lon?: number } = {},
) {
  const start = opts.start ?? Date.parse("2026-03-12T08:20:00Z");
  const stepSec = opts.stepSec ?? 1;
  const stepM = opts.stepM ?? 3;
  const lat0 = opts.lat ?? 45;
  const lon0 = opts.lon ?? 6;
  const degPerM = 1 / 111_195;
  return Array.from({ length: n }, (_, i) => ({
    latitude: lat0 + i * stepM * degPerM,
    longitude: lon0,
    timestamp: new Date(start + i * stepSec * 1000).toISOString(),
    altitude: 500,
    accuracy: 4,
  }));
}

export const uniqueDeviceId = () => `dev-${randomUUID()}`;
