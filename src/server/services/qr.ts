import { renderSVG } from "uqr";

/**
 * A QR code as an SVG string, drawn on the server: nothing to fetch from a QR web service, so invitations and
 * the join page work offline and on an intranet. uqr (no dependencies, ~20 kB) encodes; error correction M
 * (15 %) survives a crumpled printout while keeping a token-bearing payload small enough to scan.
 */
export function qrSvg(text: string): string {
  return renderSVG(text, { ecc: "M", border: 2 });
}

/** The same as a data: URI for an <img> (the pages' CSP allows data: images; no HTML injected). */
export function qrDataUri(text: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text)).toString("base64")}`;
}

/** What the join page's QR holds for a phone app: the API's base URL and the personal token. */
export function connectPayload(apiUrl: string, token: string): string {
  return JSON.stringify({ server: apiUrl, token });
}
