import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getI18n } from "~/lib/i18n/server";
import { oidcConfig } from "~/server/auth/nextauth";
import { getSession } from "~/server/auth/session";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auth.signInTitle };
}

/** Only local paths: an open redirect through callbackUrl would send organisers elsewhere. */
function safeCallback(value: string | string[] | undefined): string {
  const url = typeof value === "string" ? value : "";
  return url.startsWith("/") && !url.startsWith("//") ? url : "/events";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const { t } = await getI18n();
  const oidc = oidcConfig();
  const error = typeof params.error === "string" ? params.error : null;
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <h1>{t.auth.signInTitle}</h1>
        <p className="lead">{t.auth.signInLead}</p>
        <SignInForm callbackUrl={callbackUrl} oidcName={oidc?.name ?? null} initialError={error} />
        <p className="auth-foot">
          {t.auth.noAccount} <Link href="/signup">{t.home.signUp}</Link>
        </p>
      </div>
    </main>
  );
}
