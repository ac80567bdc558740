import { describe, expect, it } from "vitest";
import { random } from "../../../../tests/fixtures-stats/synthetic";
import { EARTH_RADIUS_M, haversineMeters } from "./geo";

/** Vincenty's inverse formula on WGS84, written here only to bound the error of the spherical model. */
function vincentyMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const b = a * (1 - f);
  const rad = Math.PI / 180;
  const L = (lon2 - lon1) * rad;
  const U1 = Math.atan((1 - f) * Math.tan(lat1 * rad));
  const U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(U1), Math.cos(U1), Math.sin(U2), Math.cos(U2)];
  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cos2Alpha = 1;
  let cos2SigmaM = 0;
  for (let k = 0; k < 200; k++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (f / 16) * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L +
      (1 - C) *
        f *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - previous) < 1e-12) break;
  }
  const u2 = (cos2Alpha * (a * a - b * b)) / (b * b);
  const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  const deltaSigma =
    B *
    sinSigma *
    (cos2SigmaM +
      (B / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
          (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return b * A * (sigma - deltaSigma);
}

describe("haversineMeters", () => {
  it("is zero between a point and itself, and symmetric", () => {
    expect(haversineMeters(45.2, 5.7, 45.2, 5.7)).toBe(0);
    expect(haversineMeters(45.2, 5.7, 45.3, 5.9)).toBeCloseTo(haversineMeters(45.3, 5.9, 45.2, 5.7), 9);
  });

  it("gives R·Δφ along a meridian and along the equator", () => {
    const oneDegree = (EARTH_RADIUS_M * Math.PI) / 180;
    expect(haversineMeters(45, 5, 46, 5)).toBeCloseTo(oneDegree, 6);
    expect(haversineMeters(0, 0, 0, 1)).toBeCloseTo(oneDegree, 6);
    expect(haversineMeters(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
  });

  it("shrinks east-west distances with the cosine of the latitude", () => {
    expect(haversineMeters(60, 0, 60, 0.001) / haversineMeters(0, 0, 0, 0.001)).toBeCloseTo(0.5, 6);
  });

  const worstError = (minLat: number, maxLat: number) => {
    const rand = random(42);
    let worst = 0;
    for (let k = 0; k < 4000; k++) {
      const lat = minLat + (maxLat - minLat) * rand();
      const lon = -180 + 360 * rand();
      // From a metre to 50 km, in any direction.
      const dLat = (rand() - 0.5) * 0.9;
      const dLon = (rand() - 0.5) * 0.9;
      const scale = 10 ** (-5 + 5 * rand());
      const lat2 = lat + dLat * scale;
      const lon2 = lon + dLon * scale;
      const exact = vincentyMeters(lat, lon, lat2, lon2);
      if (exact < 1) continue;
      worst = Math.max(worst, Math.abs(haversineMeters(lat, lon, lat2, lon2) / exact - 1));
    }
    return worst;
  };

  it("stays within 0.6 % of the WGS84 ellipsoid (Vincenty) at track scales, anywhere on Earth", () => {
    // The worst case is north-south near the equator, where the meridian's curvature radius is 6335 km.
    expect(worstError(-80, 80)).toBeLessThan(0.006);
  });

  it("stays within 0.45 % of the ellipsoid at the latitudes of Europe (35-70°)", () => {
    expect(worstError(35, 70)).toBeLessThan(0.0045);
  });
});
