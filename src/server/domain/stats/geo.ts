/** Mean Earth radius (IUGG), which minimises the spherical model's error on average. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * Great-circle distance on a sphere. Against the WGS84 ellipsoid (Vincenty) it errs by at most 0.56 %
 * (north-south at the equator; under 0.45 % in Europe, and the sign changes with direction, so it largely
 * averages out over a route), far below GPS noise; cheap, and stable at short range.
 */
export function haversineMeters(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = (bLat - aLat) * RAD;
  const dLon = (bLon - aLon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
