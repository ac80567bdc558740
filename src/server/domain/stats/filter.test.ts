import { describe, expect, it } from "vitest";
import { northLine, type Sample, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import { flagOutliers } from "./filter";

const flaggedIndices = (flags: boolean[]) => flags.flatMap((f, i) => (f ? [i] : []));

/** 3 m/s due north, one fix a second, for `seconds`. */
const run = (seconds: number, startSec = 0, startNorth = 0): Sample[] =>
  northLine({ speedMps: 3, seconds, startSec, startNorth });

const replace = (samples: Sample[], index: number, sample: Partial<Sample>): Sample[] =>
  samples.map((s, i) => (i === index ? { ...s, ...sample } : s));

describe("flagOutliers", () => {
  it("flags nothing on a clean track, and handles empty and single-point tracks", () => {
    expect(flaggedIndices(flagOutliers(toPoints(run(300)), "run"))).toEqual([]);
    expect(flagOutliers([], "run")).toEqual([]);
    expect(flagOutliers(toPoints(run(0)), "walk")).toEqual([false]);
  });

  it("flags a single 600 km/h spike, and only it", () => {
    // 600 km/h for one second: 167 m off the line, then back.
    const samples = replace(run(120), 60, { east: 167 });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([60]);
  });

  it("flags a burst of spikes without rejecting the good points after them", () => {
    let samples = run(120);
    for (const i of [40, 41, 42]) samples = replace(samples, i, { east: 400 + i });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([40, 41, 42]);
  });

  it("flags scattered spikes that disagree with each other", () => {
    let samples = run(60);
    samples = replace(samples, 20, { east: 500 });
    samples = replace(samples, 21, { east: -500 });
    samples = replace(samples, 22, { north: 5000 });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([20, 21, 22]);
  });

  it("flags a bad first fix rather than the whole track after it", () => {
    const samples = replace(run(120), 0, { east: 2000 });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([0]);
  });

  it("accepts a real jump (signal lost, then the track goes on elsewhere) once the new points agree", () => {
    // 2 km in 10 s is impossible on foot, but the points after it form a consistent track: keep them all.
    const samples = [...run(60), ...run(60, 70, 2000)];
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([]);
  });

  it("flags a spike just after a long gap, which the gap alone would have made plausible", () => {
    // 10 min without fixes, then a fix 3 km away (reachable at 5 m/s), then the real track goes on.
    const before = run(60);
    const after = run(60, 660, 200);
    const samples = [...before, { ...after[0], east: 3000 } as Sample, ...after.slice(1)];
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([before.length]);
  });

  it("uses the activity's speed limit: 20 m/s is a bike, not a runner", () => {
    const samples = replace(run(60), 30, { north: 3 * 30 + 35 });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "run"))).toEqual([30]);
    expect(flaggedIndices(flagOutliers(toPoints(samples), "bike"))).toEqual([]);
  });

  it("tolerates GPS noise: a fix 10 m off the line is not an outlier", () => {
    const samples = replace(run(60), 30, { east: 10 });
    expect(flaggedIndices(flagOutliers(toPoints(samples), "walk"))).toEqual([]);
  });

  it("flags points without a valid position or time, and maps flags back to unsorted input", () => {
    const points = toPoints(replace(run(10), 5, { east: 1000 })).map((p, i) =>
      i === 2 ? { ...p, lat: Number.NaN } : p,
    );
    const order = [9, 5, 2, 0, 1, 3, 4, 6, 7, 8, 10];
    const shuffled = order.flatMap((i) => points[i] ?? []);
    // The spike (5) and the broken point (2) sit at positions 1 and 2 of the shuffled input.
    expect(flaggedIndices(flagOutliers(shuffled, "run"))).toEqual([1, 2]);
  });
});
