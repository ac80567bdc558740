/**
 * Security headers of the pages (Next.js answers them; the edge adds these first). Next's hydration uses
 * inline scripts, hence 'unsafe-inline' for scripts (no external script can load); images come from the app
 * only, map tiles included (the tile proxy, http/tiles.ts). The live pages may be embedded in a race's own website (frame-ancestors *); the
 * dashboard may not be framed at all (clickjacking).
 */
export function pageSecurityHeaders(pathname: string, dev = false): Record<string, string> {
  const embeddable = pathname.startsWith("/live/");
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${embeddable ? "*" : "'none'"}`,
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(embeddable ? {} : { "X-Frame-Options": "DENY" }),
  };
}
