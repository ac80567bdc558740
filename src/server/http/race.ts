import { authorizeTrackAccess } from "~/server/api/access";
import { createContext } from "~/server/api/trpc";
import { tokenFromHeaders } from "~/server/auth/tokens";
import { getDb } from "~/server/db";
import { ZLeaderboardRequest } from "~/server/api/schemas/race";
import { notFound, validationError } from "~/server/errors";
import { authorizeViewer, type Viewer } from "~/server/live/access";
import { raceLeaderboard, resultsCsv } from "~/server/services/race-views";
import { findRace } from "~/server/services/race-lookup";
import { listRaces } from "~/server/services/races";
import { send, sendJson } from "./node";
import type { ApiRequest } from "./request";

/**
 * Race routes for spectators (the live page's rules: public event, share link or organiser; spectators see
 * the leaderboard as it was `delay` ago) and the results CSV (an API token, the organiser, or a spectator).
 */

async function viewerOf(call: ApiRequest): Promise<Viewer> {
  const db = await getDb();
  return authorizeViewer(
    db,
    call.params.eventId ?? call.params.id ?? "",
    await call.session(),
    call.url.searchParams.get("share"),
  );
}

/** The race of a path, which must belong to the viewer's event. */
async function viewedRace(call: ApiRequest, viewer: Viewer) {
  const db = await getDb();
  const race = await db.prisma.race
    .findFirst({
      where: { id: call.params.raceId ?? "", eventId: viewer.eventId },
      select: { id: true },
    })
    .catch(() => null);
  if (!race) throw notFound("Race");
  return race.id;
}

/** GET /api/live/{eventId}/races: the races of an event a viewer may watch. */
export async function serveViewerRaces(call: ApiRequest): Promise<void> {
  const viewer = await viewerOf(call);
  const db = await getDb();
  const races = await listRaces(db, { eventId: viewer.eventId }, viewer.eventId);
  sendJson(call.res, 200, { races }, { "Cache-Control": "no-store" });
}

const ZViewerAt = ZLeaderboardRequest.pick({ at: true });

/**
 * GET /api/live/{eventId}/races/{raceId}/leaderboard: what the stream's leaderboard messages build on, or
 * with `?at=` the ranking at a past moment (the live map's replay). A delayed spectator never sees past
 * `now − delay`: a later `at` is answered as of that moment.
 */
export async function serveViewerLeaderboard(call: ApiRequest): Promise<void> {
  const viewer = await viewerOf(call);
  const raceId = await viewedRace(call, viewer);
  const query = { at: call.url.searchParams.get("at") ?? undefined };
  const parsed = ZViewerAt.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, [], query);
  const latest = viewer.delaySec > 0 ? Date.now() - viewer.delaySec * 1000 : null;
  const asked = parsed.data.at ? Date.parse(parsed.data.at) : null;
  const at = asked === null ? latest : latest === null ? asked : Math.min(asked, latest);
  const board = await raceLeaderboard(await getDb(), raceId, at);
  sendJson(call.res, 200, board, { "Cache-Control": "no-store" });
}

/** GET /api/events/{id}/races/{raceId}/results.csv */
export async function serveResultsCsv(call: ApiRequest): Promise<void> {
  const db = await getDb();
  let raceId: string;
  if (tokenFromHeaders(call.headers) || (await call.session())) {
    const ctx = await createContext({
      headers: call.headers,
      session: await call.session(),
      address: call.address,
    });
    const { scope } = await authorizeTrackAccess(ctx, "tracks:read");
    raceId = (await findRace(db, scope, call.params.raceId ?? "", call.params.id)).id;
  } else {
    raceId = await viewedRace(call, await viewerOf(call));
  }
  const file = await resultsCsv(db, raceId);
  send(call.res, 200, file.body, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
  });
}
