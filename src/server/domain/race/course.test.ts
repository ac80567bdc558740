import { describe, expect, it } from "vitest";
import { haversineMeters } from "~/server/domain/stats/geo";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { candidatesAt } from "./candidates";
import {
  altitudeAt,
  buildCourse,
  CourseError,
  climbTo,
  courseMarkers,
  coursePolyline,
  elevationChart,
  markerSpacingM,
  positionAt,
} from "./course";
import { cumulative, readRoute } from "./test-tracks";

describe("course", () => {
  it("measures a real route like the recording, with fewer vertices", () => {
    const route = readRoute("runs-gpx-6782987395.gpx");
    const course = buildCourse(route);
    const recorded = cumulative(route).at(-1) ?? 0;
    // Simplifying at 2 m drops GPS zig-zag: a little shorter, never longer.
    expect(course.lengthM).toBeLessThan(recorded);
    expect(course.lengthM).toBeGreaterThan(recorded * 0.98);
    expect(course.lat.length).toBeLessThan(route.length / 5);
    expect(course.loop).toBe(false);
    const exact = buildCourse(route, { simplifyToleranceM: 0 });
    expect(exact.lengthM).toBeCloseTo(recorded, 3);
  });

  it("places markers every km on the line, and positions match distances", () => {
    const course = buildCourse(readRoute("runs-gpx-6037744996.gpx"));
    const markers = courseMarkers(course);
    expect(markers.map((m) => m.distanceM)).toEqual([1000, 2000, 3000, 4000, 5000]);
    for (const m of markers) {
      const [c] = candidatesAt(course, m.lat, m.lon, 1).filter((k) => Math.abs(k.alongM - m.distanceM) < 1);
      expect(c?.offsetM ?? 99).toBeLessThan(0.01);
    }
    const start = positionAt(course, 0);
    expect(start.lat).toBe(course.lat[0]);
    expect(positionAt(course, course.lengthM + 100)).toEqual(positionAt(course, course.lengthM));
    expect(coursePolyline(course)).toHaveLength(course.lat.length);
  });

  it("spaces a map's distance markers by the lap's length: a dozen at most", () => {
    expect([5_000, 12_000, 21_097, 42_195, 100_000, 170_000].map(markerSpacingM)).toEqual([
      1000, 1000, 2000, 5000, 10_000, 20_000,
    ]);
    for (const lengthM of [800, 9_999, 24_001, 60_000, 599_000])
      expect(lengthM / markerSpacingM(lengthM)).toBeLessThanOrEqual(12);
  });

  it("repeats a loop for laps, and refuses laps on a route that does not close", () => {
    const loop = readRoute("runs-gpx-6037744996.gpx");
    const one = buildCourse(loop);
    const three = buildCourse(loop, { laps: 3 });
    expect(three.lengthM).toBeCloseTo(3 * one.lengthM, 6);
    expect(courseMarkers(three)).toHaveLength(15);
    const mid = positionAt(one, 1234);
    expect(positionAt(three, 2 * one.lengthM + 1234)).toEqual(mid);
    // Each pass of each lap is a candidate: three laps of one place.
    const passes = candidatesAt(three, mid.lat, mid.lon, 20).filter((c) => c.offsetM < 1);
    expect(passes.map((c) => (c.alongM - 1234) / one.lengthM)).toEqual(
      [0, 1, 2].map((k) => expect.closeTo(k, 6)),
    );
    expect(() => buildCourse(readRoute("runs-gpx-6782987395.gpx"), { laps: 2 })).toThrow(CourseError);
    expect(() => buildCourse([{ lat: 45, lon: 5 }])).toThrow(CourseError);
  });

  it("sees both lanes of an out-and-back, and only one pass of a straight road", () => {
    const out = Array.from({ length: 101 }, (_, k) => at(k * 10, 0));
    const back = Array.from({ length: 101 }, (_, k) => at(1000 - k * 10, 8));
    const course = buildCourse([...out, ...back], { simplifyToleranceM: 0 });
    const p = at(300, 4);
    const found = candidatesAt(course, p.lat, p.lon, 50);
    expect(found.map((c) => Math.round(c.alongM))).toEqual([300, 1708]);
    expect(found.map((c) => Math.round(c.offsetM))).toEqual([4, 4]);
  });

  it("has an elevation profile with the climb of the route, and none for a drawn route", () => {
    const route = readRoute("runs-gpx-6782987395.gpx");
    const course = buildCourse(route);
    const { gainM, lossM } = climbTo(course, course.lengthM);
    // The device's own barometric totals (its FIT session, runs-fit-6782987395.fit) are 347 m up and
    // 371 m down.
    expect(gainM).toBeGreaterThan(347 * 0.9);
    expect(gainM).toBeLessThan(347 * 1.1);
    expect(lossM).toBeGreaterThan(371 * 0.9);
    expect(lossM).toBeLessThan(371 * 1.1);
    const first = route[0];
    expect(Math.abs((altitudeAt(course, 0) ?? 0) - (first?.altitude ?? 0))).toBeLessThan(10);
    expect(elevationChart(course, 100)).toHaveLength(100);
    const drawn = buildCourse(route.map((p) => ({ lat: p.lat, lon: p.lon })));
    expect(drawn.profile).toBeNull();
    expect(climbTo(drawn, 5000)).toEqual({ gainM: 0, lossM: 0 });
    expect(
      haversineMeters(drawn.lat[0] ?? 0, drawn.lon[0] ?? 0, course.lat[0] ?? 0, course.lon[0] ?? 0),
    ).toBe(0);
  });
});
