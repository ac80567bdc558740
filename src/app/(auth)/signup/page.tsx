import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getI18n } from "~/lib/i18n/server";
import { getSession } from "~/server/auth/session";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auth.signUpTitle };
}

export default async function SignUpPage() {
  if (await getSession()) redirect("/events");
  const { t } = await getI18n();
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <h1>{t.auth.signUpTitle}</h1>
        <p className="lead">{t.auth.signUpLead}</p>
        <SignUpForm />
        <p className="auth-foot">
          {t.auth.haveAccount} <Link href="/signin">{t.auth.signInButton}</Link>
        </p>
      </div>
    </main>
  );
}
