import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpError } from "~/server/errors";

/** A node:http request's headers as fetch Headers (repeated headers keep every value). */
export function nodeHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    // HTTP/2 pseudo-headers (":path") are not header names for fetch.
    if (name && value !== undefined && !name.startsWith(":")) headers.append(name, value);
  }
  return headers;
}

/** Headers on every API answer: JSON and files are never to be sniffed as HTML, nor framed. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
};

/** A whole answer in one write (API bodies are small JSON documents or files already in memory). */
export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array | null,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  for (const [key, value] of Object.entries(API_SECURITY_HEADERS)) res.setHeader(key, value);
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  if (body === null) {
    res.end();
    return;
  }
  res.setHeader("Content-Length", typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  send(res, status, JSON.stringify(value), { "Content-Type": "application/json", ...headers });
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, error.body, error.headers);
}

/**
 * The client's address for per-client limits: the socket's peer, or, behind `trustedHops` reverse proxies,
 * the address the outermost trusted proxy saw (X-Forwarded-For is "client, proxy1, proxy2": the last
 * `trustedHops` entries were added by our proxies; anything before them is the client's own claim).
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedHops === 0) return peer;
  const forwarded = String(req.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedHops] ?? forwarded[0] ?? peer;
}
