import { describe, expect, it } from "vitest";
import { toGeoJson } from "./to-geojson";

const T0 = Date.UTC(2024, 0, 1, 12);

describe("toGeoJson", () => {
  it("writes a LineString Feature with [lon, lat, ele] and ISO coordTimes", () => {
    const feature = toGeoJson({
      id: "trk_1",
      name: "Lunch run",
      activityType: "run",
      points: [
        { ts: T0, lat: 45.1, lon: 5.2, altitude: 210 },
        { ts: T0 + 1000, lat: 45.2, lon: 5.3, altitude: null },
        { ts: Number.NaN, lat: 45.3, lon: 5.4 },
      ],
      properties: { bib: 42, name: "overridden?", coordTimes: "nope" },
    });
    expect(feature).toEqual({
      type: "Feature",
      id: "trk_1",
      geometry: {
        type: "LineString",
        coordinates: [
          [5.2, 45.1, 210],
          [5.3, 45.2],
        ],
      },
      properties: {
        bib: 42,
        name: "Lunch run",
        activityType: "run",
        coordTimes: ["2024-01-01T12:00:00.000Z", "2024-01-01T12:00:01.000Z"],
      },
    });
    expect(JSON.parse(JSON.stringify(feature))).toEqual(feature);
  });

  it("falls back to a Point for one position and to null geometry for none", () => {
    const one = toGeoJson({ id: "a", name: "a", points: [{ ts: T0, lat: 1, lon: 2 }] });
    expect(one.geometry).toEqual({ type: "Point", coordinates: [2, 1] });
    const none = toGeoJson({ id: "b", name: "b", points: [] });
    expect(none.geometry).toBeNull();
    expect(none.properties).toEqual({ name: "b", coordTimes: [] });
  });
});
