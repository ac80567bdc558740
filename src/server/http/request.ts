import type { IncomingMessage, ServerResponse } from "node:http";
import type { Session } from "~/server/api/trpc";
import { tokenFromHeaders } from "~/server/auth/tokens";
import { sessionFromHeaders } from "~/server/auth/session";

/** One request to the API as its handler gets it. */
export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  /** The path's parameters (`{id}` → params.id). */
  params: Record<string, string>;
  headers: Headers;
  /** The client's address (per-client limits). */
  address: string;
  /**
   * The signed-in organiser, from the next-auth cookie — only when the request carries no API token, and for
   * writes only from our own origin: a cookie alone must not let another site act on an organiser's behalf.
   */
  session(): Promise<Session | null>;
}

/** A browser request from another site (browsers send Origin, and Sec-Fetch-Site, on every cross-site write). */
export function crossSite(headers: Headers): boolean {
  if (headers.get("sec-fetch-site") === "cross-site") return true;
  return headers.has("origin") && !sameOrigin(headers);
}

export function sameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  return Boolean(origin && host && URL.parse(origin)?.host === host);
}

export function cookieSession(method: string, headers: Headers): () => Promise<Session | null> {
  let session: Promise<Session | null> | null = null;
  return () => {
    session ??= (async () => {
      if (tokenFromHeaders(headers) || !headers.get("cookie")) return null;
      if (method !== "GET" && method !== "HEAD" && !sameOrigin(headers)) return null;
      return sessionFromHeaders(headers);
    })();
    return session;
  };
}
