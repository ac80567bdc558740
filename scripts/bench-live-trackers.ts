/**
 * bench-live's tracker-app devices (--protocol osmand|owntracks): one token per device, as personal tokens
 * are, and each request as the app sends it — OsmAnd: one fix in the query string (Traccar Client before 9,
 * ProtocolFormatter.kt; speed in knots, batt in %); OwnTracks: one `_type: location` JSON with the token as
 * the Basic-auth password (vel km/h, batt %, tst seconds).
 */
import { executeAdminCommand } from "~/server/admin/client";
import type { DbConfig } from "~/server/config";
import { openDatabase } from "~/server/db/client";
import { issueToken } from "~/server/services/tokens";

export type Protocol = "osmand" | "owntracks";

/** `count` tokens of one event: straight into PostgreSQL, or through the embedded server's admin socket. */
export async function deviceTokens(target: DbConfig, eventName: string, eventId: string, count: number) {
  if (target.kind === "postgres") {
    const db = await openDatabase(target, { poolSize: 4 });
    try {
      const tokens: string[] = [];
      for (let i = 0; i < count; i += 50) {
        const issued = await Promise.all(
          Array.from({ length: Math.min(50, count - i) }, (_, k) =>
            issueToken(db, eventId, { label: `device ${i + k}` }),
          ),
        );
        tokens.push(...issued.map((t) => t.raw));
      }
      return tokens;
    } finally {
      await db.close();
    }
  }
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await executeAdminCommand({ op: "token", event: eventName, public: true }, target);
    if (!("token" in r)) throw new Error("no token");
    tokens.push(r.token);
  }
  return tokens;
}

export interface Fix {
  ts: number;
  lat: number;
  lon: number;
  altitude: number;
}

/** One fix as the app's HTTP request: path (under /api), headers, body. */
export function trackerRequest(protocol: Protocol, token: string, fix: Fix) {
  if (protocol === "osmand") {
    const query = new URLSearchParams({
      id: token,
      timestamp: String(fix.ts),
      lat: fix.lat.toFixed(7),
      lon: fix.lon.toFixed(7),
      speed: "5.4",
      bearing: "0.0",
      altitude: fix.altitude.toFixed(1),
      accuracy: "4.0",
      batt: "87.0",
    });
    return { path: `/trackers/osmand?${query}`, headers: {} as Record<string, string>, body: "" };
  }
  const body = JSON.stringify({
    _type: "location",
    lat: fix.lat,
    lon: fix.lon,
    // Whole seconds on the wire; the bench keeps each device's fixes on distinct seconds.
    tst: Math.floor(fix.ts / 1000),
    alt: fix.altitude,
    acc: 4,
    vel: 10,
    cog: 0,
    batt: 87,
    tid: "RB",
  });
  return {
    path: "/trackers/owntracks",
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      Authorization: `Basic ${Buffer.from(`runner:${token}`).toString("base64")}`,
    },
    body,
  };
}
