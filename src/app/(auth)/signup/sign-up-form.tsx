"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { PASSWORD_MIN } from "~/server/api/schemas/account";
import { api, apiError } from "~/trpc/client";

export function SignUpForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    try {
      await api.account.signUp.mutate({ email, password, name: String(form.get("name") ?? "") || null });
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result?.ok) throw new Error(result?.error ?? "sign-in failed");
      router.replace("/events");
      router.refresh();
    } catch (err) {
      setPending(false);
      setError(apiError(err).code === "CONFLICT" ? t.auth.emailTaken : t.common.genericError);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="name">
          {t.auth.name} <span className="muted small">({t.common.optional})</span>
        </label>
        <input id="name" name="name" type="text" autoComplete="name" maxLength={120} />
      </div>
      <div className="field">
        <label htmlFor="email">{t.auth.email}</label>
        <input id="email" name="email" type="email" autoComplete="email" required maxLength={254} />
      </div>
      <div className="field">
        <label htmlFor="password">{t.auth.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={200}
          aria-describedby="password-hint"
        />
        <span className="hint" id="password-hint">
          {t.auth.passwordHint}
        </span>
      </div>
      <button className="btn btn--primary btn--block" type="submit" disabled={pending}>
        {pending ? t.auth.signingUp : t.auth.signUpButton}
      </button>
    </form>
  );
}
