import { describe, expect, it } from "vitest";
import { parseTile, tileUrl } from "./tiles";

describe("tile coordinates of the proxy", () => {
  it("accepts the tiles of the world at each zoom and refuses the others, naming the range", () => {
    expect(parseTile("0", "0", "0")).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTile("19", "524287", "524287")).toEqual({ z: 19, x: 524287, y: 524287 });
    expect(parseTile("2", "4", "0")).toEqual({ problem: "x and y must be between 0 and 3 at zoom 2" });
    expect(parseTile("20", "0", "0")).toEqual({ problem: "z must be between 0 and 19" });
    for (const bad of [
      ["-1", "0", "0"],
      ["1.5", "0", "0"],
      ["01", "0", "0"],
      ["1", "0x1", "0"],
      ["", "0", "0"],
    ])
      expect(parseTile(bad[0] ?? "", bad[1] ?? "", bad[2] ?? "")).toHaveProperty("problem");
  });

  it("fills the upstream template, {s} with one subdomain", () => {
    expect(tileUrl("https://{s}.tile.example.org/{z}/{x}/{y}.png?key=k", { z: 3, x: 4, y: 5 })).toBe(
      "https://a.tile.example.org/3/4/5.png?key=k",
    );
  });
});
