import { trackFileRoute } from "~/server/api/file-routes";

export const dynamic = "force-dynamic";
export const GET = trackFileRoute("gpx");
