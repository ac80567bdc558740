import { liveSnapshotRoute } from "~/server/api/live-stream";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ eventId: string }> }) {
  return liveSnapshotRoute(req, (await params).eventId);
}
