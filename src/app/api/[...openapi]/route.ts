import { handleRestRequest } from "~/server/api/rest-handler";

export const dynamic = "force-dynamic";

export const GET = handleRestRequest;
export const POST = handleRestRequest;
export const PATCH = handleRestRequest;
export const PUT = handleRestRequest;
export const DELETE = handleRestRequest;
