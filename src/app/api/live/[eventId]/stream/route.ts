import { liveStreamRoute } from "~/server/api/live-stream";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ eventId: string }> }) {
  return liveStreamRoute(req, (await params).eventId);
}
