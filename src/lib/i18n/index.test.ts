import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";
import { fmt, pickLocale } from "./index";

describe("pickLocale", () => {
  it("prefers the toggle's cookie", () => {
    expect(pickLocale("en", "fr-FR,fr;q=0.9")).toBe("en");
  });
  it("is French without a header, and for French-speaking browsers", () => {
    expect(pickLocale(undefined, null)).toBe("fr");
    expect(pickLocale(undefined, "fr-CA,en;q=0.5")).toBe("fr");
    expect(pickLocale(undefined, "de-DE,en;q=0.3,fr;q=0.8")).toBe("fr");
  });
  it("falls back to English", () => {
    expect(pickLocale(undefined, "en-US,en;q=0.9")).toBe("en");
    expect(pickLocale(undefined, "de-DE,es;q=0.8")).toBe("en");
  });
});

describe("dictionaries", () => {
  it("have the same keys in French and English", () => {
    const keys = (o: object, prefix = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    expect(keys(en).sort()).toEqual(keys(fr).sort());
  });
  it("fill placeholders", () => {
    expect(fmt(fr.events.tracksCount, { count: 3 })).toBe("3 traces");
  });
});
