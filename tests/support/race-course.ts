import { expect } from "vitest";
import { api } from "./api";
import type { Organiser } from "./organiser";

/** Degrees of latitude per metre; of longitude at 45° N. */
export const DEG_PER_M = 1 / 111_195;
const DEG_LON_PER_M = DEG_PER_M / Math.cos((45 * Math.PI) / 180);
export const RACE_START = Date.parse("2026-03-12T08:00:00Z");

export type Heading = "north" | "east";
/** The point `m` metres from (45, 6) towards `heading`. */
export const along = (heading: Heading, m: number) =>
  heading === "north" ? { lat: 45 + m * DEG_PER_M, lon: 6 } : { lat: 45, lon: 6 + m * DEG_LON_PER_M };

/** A 3 km planned route (no times) from (45, 6), heading north or east, as an upload's file. */
export function courseFile(heading: Heading = "north") {
  const pts = Array.from({ length: 61 }, (_, i) => along(heading, i * 50))
    .map((p) => `<trkpt lat="${p.lat.toFixed(7)}" lon="${p.lon.toFixed(7)}"></trkpt>`)
    .join("");
  const gpx = `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${pts}</trkseg></trk></gpx>`;
  return { name: `${heading}.gpx`, data_base64: Buffer.from(gpx).toString("base64") };
}

/** A new event with a race "3K" starting at RACE_START on the northward course, created on `base`. */
export async function raceWithCourse(org: Organiser, base: string) {
  const { eventId, token } = await org.createEvent({ isPublic: true });
  const race = await org.trpc<{ id: string }>("race.create", {
    event_id: eventId,
    name: "3K",
    start_at: new Date(RACE_START).toISOString(),
  });
  const course = await api("PUT", `/events/${eventId}/races/${race.id}/course`, {
    token,
    base,
    body: { files: [courseFile("north")] },
  });
  expect(course.status).toBe(200);
  return { eventId, token, race };
}
