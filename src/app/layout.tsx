import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "~/app/_components/site-header";
import { I18nProvider } from "~/lib/i18n/client";
import { getI18n } from "~/lib/i18n/server";
import { getSession } from "~/server/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runify", template: "%s · Runify" },
  description: "GPS tracking for sports events",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#e4572e" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, session] = await Promise.all([getI18n(), getSession()]);
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>
          <a className="skip-link" href="#content">
            {t.common.skipToContent}
          </a>
          <SiteHeader session={session} t={t} />
          <div id="content">{children}</div>
        </I18nProvider>
      </body>
    </html>
  );
}
