"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useTransition } from "react";
import { type Locale, LOCALES } from "~/lib/i18n";
import { setLocale } from "~/lib/i18n/actions";
import { useI18n } from "~/lib/i18n/client";

/** FR | EN: remembered in a cookie for a year; the server renders the page again in that language. */
export function LangToggle() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const choose = (next: Locale) => {
    startTransition(async () => {
      await setLocale(next);
      router.refresh();
    });
  };
  return (
    <fieldset className="lang-toggle" aria-label={t.nav.language} aria-busy={pending}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => choose(l)}>
          {l.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
}

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn--small" onClick={() => void signOut({ callbackUrl: "/signin" })}>
      {t.nav.signOut}
    </button>
  );
}

export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}
