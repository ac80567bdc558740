"use client";
import { type FormEvent, useEffect, useState } from "react";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TJoinPageResponse } from "~/server/api/schemas/runner";
import { api, apiError } from "~/trpc/client";
import { JoinResult } from "./join-result";

/**
 * Joining from the browser: by invitation (`code`, one button) or by registering on a public event (`eventId`,
 * name, optional bib and e-mail). The token is issued by the POST, never by opening the page, so a link
 * preview (chat apps fetch links) cannot use it up or see a token.
 */
export function JoinForm(
  props: { eventName: string; idleMinutes: number } & ({ code: string } | { eventId: string }),
) {
  const { t } = useI18n();
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const [joined, setJoined] = useState<TJoinPageResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const url = `${window.location.origin}/api`;
      setJoined(
        "code" in props
          ? await api.runner.joinPageInvitation.mutate({ code: props.code, api_url: url })
          : await api.runner.joinPageRegister.mutate({
              id: props.eventId,
              api_url: url,
              name: String(data.get("name") ?? ""),
              bib: String(data.get("bib") ?? "") || null,
              email: String(data.get("email") ?? "") || null,
            }),
      );
    } catch (err) {
      setError(fmt(t.join.error, { message: apiError(err).message ?? t.common.genericError }));
    } finally {
      setPending(false);
    }
  }

  if (joined)
    return (
      <JoinResult
        joined={joined}
        eventName={props.eventName}
        origin={origin}
        idleMinutes={props.idleMinutes}
      />
    );
  return (
    <form className="card form" onSubmit={onSubmit} data-testid="join-form">
      {"eventId" in props && (
        <>
          <div className="field">
            <label htmlFor="join-name">{t.join.name}</label>
            <input id="join-name" name="name" type="text" required maxLength={200} autoComplete="name" />
          </div>
          <div className="field">
            <label htmlFor="join-bib">{t.join.bib}</label>
            <input id="join-bib" name="bib" type="text" maxLength={20} />
          </div>
          <div className="field">
            <label htmlFor="join-email">{t.join.email}</label>
            <input id="join-email" name="email" type="email" maxLength={254} autoComplete="email" />
          </div>
        </>
      )}
      <button className="btn btn--primary" type="submit" disabled={pending}>
        {pending ? t.join.joining : "code" in props ? t.join.joinButton : t.join.registerButton}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
