import { cache } from "react";
import { getSession } from "~/server/auth/session";
import { getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { authorizeViewer } from "~/server/live/access";
import { raceCourse, raceLeaderboard, raceResults } from "~/server/services/race-views";

/** A race's public pages: what this visitor may see (the live page's rules), or null (a 404). */
export const loadRaceView = cache(async (eventId: string, raceId: string, share: string | null) => {
  const db = await getDb();
  const session = await getSession().catch(() => null);
  try {
    const viewer = await authorizeViewer(db, eventId, session, share);
    const race = await db.prisma.race.findFirst({
      where: { id: raceId, eventId },
      select: { id: true, name: true, event: { select: { timezone: true, name: true } } },
    });
    if (!race) return null;
    const at = viewer.delaySec > 0 ? Date.now() - viewer.delaySec * 1000 : null;
    const [board, course] = await Promise.all([raceLeaderboard(db, race.id, at), raceCourse(db, race.id)]);
    return {
      viewer,
      race,
      board,
      // Only past the access check above: the course is the race's, shown to whoever may see the race.
      course: course.line.length > 1 ? course : null,
      results: () => raceResults(db, race.id),
    };
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      return null;
    throw error;
  }
});

export type RaceParams = {
  params: Promise<{ eventId: string; raceId: string; participantId?: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function readRaceParams({ params, searchParams }: RaceParams) {
  const [p, query] = await Promise.all([params, searchParams]);
  const raw = query.share;
  const share = (Array.isArray(raw) ? raw[0] : raw)?.trim() || null;
  return { ...p, share, view: await loadRaceView(p.eventId, p.raceId, share) };
}
