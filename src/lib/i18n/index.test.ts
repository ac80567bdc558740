import { describe, expect, it } from "vitest";
import { en } from "./en";
import { fr } from "./fr";
import { type Dictionary, fmt, fmtCount, type Plural, pickLocale } from "./index";

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

const isPlural = (v: unknown): v is Plural =>
  typeof v === "object" && v !== null && Object.keys(v).sort().join() === "one,other";

/** Every label's path ("events.tracksCount"); plural forms count as one label. */
function labels(o: object, prefix = ""): [string, string | Plural][] {
  return Object.entries(o).flatMap(([k, v]): [string, string | Plural][] =>
    typeof v === "object" && !isPlural(v) ? labels(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]],
  );
}
const plurals = (d: Dictionary) => labels(d).filter((e): e is [string, Plural] => isPlural(e[1]));

describe("dictionaries", () => {
  it("have the same keys in French and English, with the live pages' labels under `live`", () => {
    const keys = (d: Dictionary) => labels(d).map(([k, v]) => (isPlural(v) ? `${k}[plural]` : k));
    expect(keys(en).sort()).toEqual(keys(fr).sort());
    expect(keys(fr)).toContain("live.replay");
  });
  it("fill placeholders", () => {
    expect(fmt(fr.events.status.past, {})).toBe("Terminé");
    expect(fmt(en.tokens.revokeConfirm, { label: "iOS" })).toBe(
      "Revoke the token “iOS”? Apps using it will get a 401 error.",
    );
  });
  it("say 1 trace, 0 trace and 2 traces in French; 1 track, 0 tracks and 2 tracks in English", () => {
    expect(fmtCount(fr.locale, fr.events.tracksCount, 1)).toBe("1 trace");
    expect(fmtCount(fr.locale, fr.events.tracksCount, 0)).toBe("0 trace");
    expect(fmtCount(fr.locale, fr.events.tracksCount, 2)).toBe("2 traces");
    expect(fmtCount(en.locale, en.events.tracksCount, 1)).toBe("1 track");
    expect(fmtCount(en.locale, en.events.tracksCount, 0)).toBe("0 tracks");
    expect(fmtCount(en.locale, en.events.participantsCount, 1)).toBe("1 participant");
    expect(fmtCount(en.locale, en.event.deleteText, 1, { name: "Trail" })).toBe(
      "“Trail” will be deleted with its 1 track, its participants and its tokens. This cannot be undone.",
    );
  });

  for (const [lang, d] of [
    ["fr", fr],
    ["en", en],
  ] as const) {
    describe(`${lang} plurals`, () => {
      it("exist (the dashboard's counts)", () => {
        expect(plurals(d).map(([k]) => k)).toEqual(
          expect.arrayContaining(["events.tracksCount", "events.participantsCount", "tracks.total"]),
        );
      });
      it.each(plurals(d))(
        "%s: the one form for 1, the other form for 2 and 1000, every {count} filled",
        (_, forms) => {
          expect(forms.one).toContain("{count}");
          expect(forms.other).toContain("{count}");
          expect(forms.one).not.toBe(forms.other);
          const values = { name: "N" };
          expect(fmtCount(d.locale, forms, 1, values)).toBe(fmt(forms.one, { ...values, count: 1 }));
          expect(fmtCount(d.locale, forms, 2, values)).toBe(fmt(forms.other, { ...values, count: 2 }));
          expect(fmtCount(d.locale, forms, 1000, values)).toBe(fmt(forms.other, { ...values, count: 1000 }));
          expect(fmtCount(d.locale, forms, 0, values)).toBe(
            fmt(lang === "fr" ? forms.one : forms.other, { ...values, count: 0 }),
          );
          for (const n of [0, 1, 2, 7, 1000])
            expect(fmtCount(d.locale, forms, n, values)).not.toMatch(/[{}]/);
        },
      );
      it("need no form beyond one and other for whole counts up to a thousand", () => {
        const rules = new Intl.PluralRules(d.locale);
        const used = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
        expect([...used].sort()).toEqual(["one", "other"]);
      });
    });
  }
});
