/**
 * A label that depends on a count. Both languages have exactly these two forms (CLDR "one" and "other"),
 * so the dictionaries keep the same keys; `fmtCount` in index.ts picks one with `Intl.PluralRules`.
 */
export interface Plural {
  one: string;
  other: string;
}

/** Marks a dictionary entry as plural forms (the unit test finds every one of them by this shape). */
export function plural(one: string, other: string): Plural {
  return { one, other };
}
