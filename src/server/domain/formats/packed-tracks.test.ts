import { describe, expect, it } from "vitest";
import { parseActivityFile } from "./activity-file";
import { packTracks, unpackTracks } from "./packed-tracks";
import { readFixture } from "./test-helpers";
import type { ParsedTrack } from "./types";

describe("packTracks / unpackTracks", () => {
  it("keeps every field, present or absent", () => {
    const tracks: ParsedTrack[] = [
      {
        name: "Morning run",
        activityType: "run",
        startTs: 1_700_000_000_000,
        points: [
          { ts: 1_700_000_000_000, lat: 45.1, lon: 6.2, altitude: -3.5, speedMps: 0, heading: 359.5 },
          { ts: 1_700_000_001_000, lat: -45.1, lon: -179.9 },
          { ts: 1_700_000_002_000, lat: 1e-7, lon: 0, heading: 0 },
        ],
      },
      { points: [] },
    ];
    const packed = packTracks(tracks);
    expect(packed.buffers).toHaveLength(2);
    expect(unpackTracks(packed.tracks)).toEqual(tracks);
  });

  it("round-trips a real file", () => {
    const tracks = parseActivityFile(readFixture("runs-fit-6782987395.fit"), "a.fit");
    expect(unpackTracks(packTracks(tracks).tracks)).toEqual(tracks);
  });
});
