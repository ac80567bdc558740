import { en } from "./en";
import { type Dictionary, fr } from "./fr";
import type { Plural } from "./plural";

export type { Dictionary };
export { type Plural, plural } from "./plural";
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";
export const LOCALE_COOKIE = "runify-locale";

export const dictionaries: Record<Locale, Dictionary> = { fr, en };

export function isLocale(value: unknown): value is Locale {
  return value === "fr" || value === "en";
}

/**
 * The organiser's language: the toggle's cookie, else the first of French or English in Accept-Language.
 * French without a header (French-speaking organisers first); English when the browser asks for neither.
 */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q) : 1, index };
    })
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.lang).find(isLocale) ?? "en";
}

/** `fmt("{count} tracks", { count: 3 })` → "3 tracks". Counts go through `fmtCount` (plural forms). */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => {
    const value = values[key];
    return value === undefined ? match : String(value);
  });
}

/**
 * `fmtCount(t.locale, t.events.tracks, 1)` → "1 track": the form CLDR's plural rules pick for this count in
 * this language (French says "0 trace", English "0 tracks"), then `{count}` and the other values filled in.
 */
export function fmtCount(
  lang: string,
  forms: Plural,
  count: number,
  values: Record<string, string | number> = {},
): string {
  return fmt(pluralForm(lang, forms, count), { ...values, count });
}

const rules = new Map<string, Intl.PluralRules>();
function pluralForm(lang: string, forms: Plural, count: number): string {
  let rule = rules.get(lang);
  if (!rule) {
    rule = new Intl.PluralRules(lang);
    rules.set(lang, rule);
  }
  // en and fr only have "one" and "other" for whole counts (French "many" is for millions, "1 000 000 de"):
  // every category but "one" takes the "other" form.
  return rule.select(count) === "one" ? forms.one : forms.other;
}
