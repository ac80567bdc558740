import { describe, expect, it } from "vitest";
import { ZAddPointsRequest, ZSyncRequest, ZUpdateTrackRequest } from "~/server/api/schemas/track";
import { unknownFields } from "./unknown-fields";

const point = { latitude: 45, longitude: 6, timestamp: "2026-03-12T08:20:05Z" };

describe("unknownFields", () => {
  it("finds nothing in a body that uses only the schema's fields", () => {
    expect(unknownFields(ZAddPointsRequest, { id: "x", points: [point, { ...point, altitude: 3 }] })).toEqual(
      [],
    );
  });

  it("names a top-level field the procedure does not take (PATCH activity_type)", () => {
    expect(unknownFields(ZUpdateTrackRequest, { id: "x", title: "t", activity_type: "ride" })).toEqual([
      { path: ["activity_type"], message: 'Unknown field "activity_type"' },
    ]);
  });

  it("walks arrays and nested objects (a point's `lat`, the sync's track)", () => {
    const found = unknownFields(ZSyncRequest, {
      track: { device_track_id: "d", colour: "red" },
      points: [point, { lat: 45, lng: 6, timestamp: point.timestamp }],
    });
    expect(found.map((f) => f.path)).toEqual([
      ["track", "colour"],
      ["points", 1, "lat"],
      ["points", 1, "lng"],
    ]);
  });

  it("stops at `max` fields, so a hostile body costs little", () => {
    const points = Array.from({ length: 10_000 }, () => ({ ...point, x: 1 }));
    expect(unknownFields(ZAddPointsRequest, { id: "x", points }, 5)).toHaveLength(5);
  });
});
