import type { IncomingMessage } from "node:http";

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
