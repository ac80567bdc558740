"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";

export function SignInForm({
  callbackUrl,
  oidcName,
  initialError,
}: {
  callbackUrl: string;
  oidcName: string | null;
  initialError: string | null;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const errorText = (code: string | null) =>
    code === null
      ? null
      : code === "CredentialsSignin"
        ? t.auth.invalidCredentials
        : code.startsWith("TooManyAttempts")
          ? t.auth.tooManyAttempts
          : code === "OidcEmail"
            ? t.auth.oidcEmail
            : code === "AccountDisabled"
              ? t.auth.accountDisabled
              : t.auth.signInError;
  const [error, setError] = useState<string | null>(errorText(initialError));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result?.ok) {
      setPending(false);
      setError(errorText(result?.error ?? "CredentialsSignin"));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <div className="form">
      <form className="form" onSubmit={onSubmit} noValidate={false}>
        {error && (
          <div className="alert alert--error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">{t.auth.email}</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">{t.auth.password}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button className="btn btn--primary btn--block" type="submit" disabled={pending}>
          {pending ? t.auth.signingIn : t.auth.signInButton}
        </button>
      </form>
      {oidcName && (
        <>
          <div className="divider">{t.auth.orWith}</div>
          <button
            type="button"
            className="btn btn--block"
            onClick={() => void signIn("oidc", { callbackUrl })}
          >
            {fmt(t.auth.continueWith, { name: oidcName })}
          </button>
        </>
      )}
    </div>
  );
}
