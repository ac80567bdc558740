"use client";
import { createContext, type ReactNode, useContext } from "react";
import { type Dictionary, dictionaries, type Locale } from "./index";

const I18nContext = createContext<{ locale: Locale; t: Dictionary }>({ locale: "fr", t: dictionaries.fr });

/** Gives client components the labels of the locale picked on the server. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, t: dictionaries[locale] }}>{children}</I18nContext.Provider>;
}

export function useI18n(): { locale: Locale; t: Dictionary } {
  return useContext(I18nContext);
}
