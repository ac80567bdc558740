import { cookies, headers } from "next/headers";
import { type Dictionary, dictionaries, type Locale, LOCALE_COOKIE, pickLocale } from "./index";

/** The locale and labels of the current request (server components). */
export async function getI18n(): Promise<{ locale: Locale; t: Dictionary }> {
  const locale = pickLocale(
    (await cookies()).get(LOCALE_COOKIE)?.value,
    (await headers()).get("accept-language"),
  );
  return { locale, t: dictionaries[locale] };
}
