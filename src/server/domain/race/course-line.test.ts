import { describe, expect, it } from "vitest";
import { buildCourse, coursePolyline, positionAt } from "./course";
import { courseLineOf } from "./course-line";
import { readRoute } from "./test-tracks";

/** A browser places a runner from the course response's line: it must land where the server would. */
describe("course line", () => {
  it("rebuilt from a course response's line, places every distance where the course does, laps too", () => {
    const loop = readRoute("runs-gpx-6037744996.gpx");
    for (const laps of [1, 3]) {
      const course = buildCourse(loop, { laps });
      // The response's line is JSON: numbers survive it exactly.
      const line = JSON.parse(JSON.stringify(coursePolyline(course))) as [number, number][];
      const rebuilt = courseLineOf(line, course.lengthM);
      expect(rebuilt?.laps).toBe(laps);
      expect(rebuilt?.lengthM).toBeCloseTo(course.lengthM, 6);
      for (let d = -50; d <= course.lengthM + 50; d += 137) {
        const a = positionAt(course, d);
        const b = rebuilt ? positionAt(rebuilt, d) : null;
        expect(b?.lat).toBeCloseTo(a.lat, 9);
        expect(b?.lon).toBeCloseTo(a.lon, 9);
      }
    }
  });

  it("has no line for fewer than two points, or a line of one place", () => {
    expect(courseLineOf([], 0)).toBeNull();
    expect(courseLineOf([[45, 5]], 0)).toBeNull();
    expect(
      courseLineOf(
        [
          [45, 5],
          [45, 5],
        ],
        0,
      ),
    ).toBeNull();
  });
});
