/**
 * Douglas–Peucker simplification of a GPS line, on a local equirectangular projection (metres): fine at the
 * scale of one event, and O(n log n) on typical tracks with an explicit stack (no recursion limit at 50,000
 * points). Keeps the first and last points; returns indexes into `points`, ascending.
 */
export function simplifyIndexes(
  points: ReadonlyArray<{ lat: number; lon: number }>,
  toleranceMeters: number,
): number[] {
  const n = points.length;
  if (n <= 2 || toleranceMeters <= 0) return points.map((_, i) => i);
  const first = points[0];
  if (!first) return [];
  const kx = 111_320 * Math.cos((first.lat * Math.PI) / 180);
  const ky = 110_574;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  points.forEach((p, i) => {
    x[i] = (p.lon - first.lon) * kx;
    y[i] = (p.lat - first.lat) * ky;
  });
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = toleranceMeters * toleranceMeters;
  const stack: Array<[number, number]> = [[0, n - 1]];
  for (let range = stack.pop(); range; range = stack.pop()) {
    const [a, b] = range;
    const ax = x[a] ?? 0;
    const ay = y[a] ?? 0;
    const dx = (x[b] ?? 0) - ax;
    const dy = (y[b] ?? 0) - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = a + 1; i < b; i++) {
      const px = (x[i] ?? 0) - ax;
      const py = (y[i] ?? 0) - ay;
      // Distance to the segment (to the end points beyond it), squared.
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d2 = ex * ex + ey * ey;
      if (d2 > worstD2) {
        worstD2 = d2;
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
