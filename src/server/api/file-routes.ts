import { getSession } from "~/server/auth/session";
import { getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { EXPORT_TYPES, type ExportFormat, exportEventZip, exportTrack } from "~/server/services/exports";
import { authorizeTrackAccess } from "./access";
import { restError } from "./errors";

/** Route handlers for files (not JSON): API token or the organiser's session, errors in the contract's shape. */
async function withAccess(
  req: Request,
  run: (access: Awaited<ReturnType<typeof authorizeTrackAccess>>) => Promise<Response>,
) {
  try {
    const db = await getDb();
    const session = await getSession().catch(() => null);
    return await run(await authorizeTrackAccess(db, req.headers, session, "tracks:read"));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const rest = restError(error.code, error.message);
    if (error.retryAfterSec) rest.headers["Retry-After"] = String(error.retryAfterSec);
    return Response.json(rest.body, { status: rest.status, headers: rest.headers });
  }
}

const attachment = (fileName: string) => `attachment; filename="${fileName}"`;

export function trackFileRoute(format: ExportFormat) {
  return (req: Request, { params }: { params: Promise<{ id: string }> }) =>
    withAccess(req, async ({ scope }) => {
      const { id } = await params;
      const db = await getDb();
      const file = await exportTrack(db, scope, id, format);
      return new Response(file.body, {
        headers: { "Content-Type": EXPORT_TYPES[format], "Content-Disposition": attachment(file.fileName) },
      });
    });
}

export function eventZipRoute(req: Request) {
  return withAccess(req, async ({ scope }) => {
    const db = await getDb();
    const eventId = new URL(req.url).searchParams.get("event_id") ?? undefined;
    const file = await exportEventZip(db, scope, eventId);
    return new Response(file.body, {
      headers: { "Content-Type": "application/zip", "Content-Disposition": attachment(file.fileName) },
    });
  });
}
