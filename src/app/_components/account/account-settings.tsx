"use client";
import { useRouter } from "next/navigation";
import { signIn, signOut } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { useI18n } from "~/lib/i18n/client";
import { PASSWORD_MIN } from "~/server/api/schemas/account";
import { api, apiError } from "~/trpc/client";

/**
 * Change password: the server refuses every session signed in before (this one too), so the page signs in
 * again with the new password, which keeps this browser in and the others out.
 */
export function PasswordForm({ email }: { email: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const next = String(data.get("new_password") ?? "");
    setPending(true);
    setMessage(null);
    try {
      await api.account.changePassword.mutate({
        current_password: String(data.get("current_password") ?? ""),
        new_password: next,
      });
      const again = await signIn("credentials", { email, password: next, redirect: false });
      if (!again?.ok) throw new Error(again?.error ?? "sign-in failed");
      form.reset();
      setMessage({ ok: true, text: t.account.password.done });
      router.refresh();
    } catch (err) {
      const { code } = apiError(err);
      const p = t.account.password;
      const text =
        code === "BAD_REQUEST"
          ? p.wrong
          : code === "RATE_LIMIT"
            ? p.tooMany
            : code === "FORBIDDEN"
              ? p.noPassword
              : t.common.genericError;
      setMessage({ ok: false, text });
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card form" onSubmit={onSubmit} aria-labelledby="password-title">
      <h2 id="password-title">{t.account.password.title}</h2>
      {/* Lets password managers tie the new password to the account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="current-password">{t.account.password.current}</label>
          <input
            id="current-password"
            name="current_password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={200}
          />
        </div>
        <div className="field">
          <label htmlFor="new-password">{t.account.password.next}</label>
          <input
            id="new-password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            maxLength={200}
            aria-describedby="new-password-hint"
          />
          <span className="hint" id="new-password-hint">
            {t.account.password.hint}
          </span>
        </div>
      </div>
      {message && (
        <div className={`alert ${message.ok ? "alert--success" : "alert--error"}`} role="status">
          {message.text}
        </div>
      )}
      <div>
        <button className="btn btn--primary" type="submit" disabled={pending}>
          {pending ? t.account.password.pending : t.account.password.submit}
        </button>
      </div>
    </form>
  );
}

/** Refuses every session of the account (the server keeps when), then signs this browser out. */
export function SignOutEverywhere() {
  const { t } = useI18n();
  const s = t.account.sessions;
  return (
    <section className="card stack" aria-labelledby="sessions-title">
      <h2 id="sessions-title" style={{ margin: 0 }}>
        {s.title}
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        {s.lead}
      </p>
      <div>
        <ConfirmButton
          label={s.button}
          title={s.button}
          confirmLabel={s.button}
          pendingLabel={s.pending}
          onConfirm={async () => {
            await api.account.signOutEverywhere.mutate({});
            await signOut({ callbackUrl: "/signin" });
          }}
        >
          <p>{s.confirm}</p>
        </ConfirmButton>
      </div>
    </section>
  );
}
