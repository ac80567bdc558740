/**
 * Douglas–Peucker simplification of a GPS line, on a local equirectangular projection (metres): fine at the
 * scale of one event, and O(n log n) on typical tracks with an explicit stack (no recursion limit at 50,000
 * points). Keeps the first and last points; returns indexes into `points`, ascending.
 *
 * Shape only by default (track pages draw a line). With `time`, it is time-aware (TD-TR, Meratnia & de By
 * 2004): a point also stays when its "synchronised" error — the distance from the real fix to where a runner
 * moving linearly in TIME between the kept neighbours would be at that fix's time — passes `time.toleranceMeters`.
 * The live replay places runners that way (lib/live/replay.ts positionAt), so a pause or a change of pace on a
 * straight road survives; a constant-speed straight line still collapses to its two ends.
 */
export function simplifyIndexes(
  points: ReadonlyArray<{ lat: number; lon: number; ts?: number }>,
  toleranceMeters: number,
  options: { time?: { toleranceMeters: number } } = {},
): number[] {
  const n = points.length;
  if (n <= 2 || toleranceMeters <= 0) return points.map((_, i) => i);
  const first = points[0];
  if (!first) return [];
  const sync = options.time && options.time.toleranceMeters > 0 ? options.time.toleranceMeters : null;
  const kx = 111_320 * Math.cos((first.lat * Math.PI) / 180);
  const ky = 110_574;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const ts = new Float64Array(n);
  points.forEach((p, i) => {
    x[i] = (p.lon - first.lon) * kx;
    y[i] = (p.lat - first.lat) * ky;
    ts[i] = p.ts ?? 0;
  });
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  // Errors are compared as squares over squared tolerances, so both criteria share one "worst" scale (> 1 fails).
  const shape2 = 1 / (toleranceMeters * toleranceMeters);
  const sync2 = sync === null ? 0 : 1 / (sync * sync);
  const stack: Array<[number, number]> = [[0, n - 1]];
  for (let range = stack.pop(); range; range = stack.pop()) {
    const [a, b] = range;
    const ax = x[a] ?? 0;
    const ay = y[a] ?? 0;
    const dx = (x[b] ?? 0) - ax;
    const dy = (y[b] ?? 0) - ay;
    const len2 = dx * dx + dy * dy;
    const ta = ts[a] ?? 0;
    const span = (ts[b] ?? 0) - ta;
    let worst = -1;
    let worstScore = 1;
    for (let i = a + 1; i < b; i++) {
      const px = (x[i] ?? 0) - ax;
      const py = (y[i] ?? 0) - ay;
      // Distance to the segment (to the end points beyond it), squared.
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      let score = (ex * ex + ey * ey) * shape2;
      if (sync2 > 0) {
        // Where time-linear motion from a to b puts the runner at this fix's time (a, for equal times).
        const f = span > 0 ? Math.max(0, Math.min(1, ((ts[i] ?? 0) - ta) / span)) : 0;
        const sx = px - f * dx;
        const sy = py - f * dy;
        score = Math.max(score, (sx * sx + sy * sy) * sync2);
      }
      if (score > worstScore) {
        worstScore = score;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** The tolerance that keeps a simplified line within about one screen pixel at a Web Mercator zoom level. */
export function toleranceForZoom(zoom: number, latitude: number): number {
  const metresPerPixel = (156_543.03 * Math.cos((latitude * Math.PI) / 180)) / 2 ** zoom;
  return Math.max(0.5, metresPerPixel);
}
