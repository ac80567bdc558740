"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { api, apiError } from "~/trpc/client";

interface Registration {
  is_public: boolean;
  open: boolean;
  cap: number | null;
  require_approval: boolean;
  taken: number;
}

/** The organiser opens or closes a public event's registration, caps it and asks for approval. */
export function RegistrationSettings({
  eventId,
  registration,
}: {
  eventId: string;
  registration: Registration;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!registration.is_public)
    return (
      <section className="card" aria-labelledby="registration">
        <h2 id="registration">{t.join.registrationTitle}</h2>
        <p className="muted small">{t.join.registrationPrivate}</p>
      </section>
    );
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const cap = String(data.get("cap") ?? "").trim();
    setPending(true);
    try {
      await api.participant.setRegistration.mutate({
        event_id: eventId,
        open: data.get("open") === "on",
        cap: cap ? Number(cap) : null,
        require_approval: data.get("approval") === "on",
      });
      setMessage(t.join.registrationSaved);
      router.refresh();
    } catch (err) {
      setMessage(apiError(err).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form className="card form" onSubmit={onSubmit} aria-labelledby="registration" data-testid="registration">
      <div>
        <h2 id="registration">{t.join.registrationTitle}</h2>
        <p className="muted small">
          {t.join.registrationLead} <Link href={`/register/${eventId}`}>{t.join.registrationPage}</Link>
        </p>
      </div>
      <div className="row">
        <label className="row">
          <input type="checkbox" name="open" defaultChecked={registration.open} /> {t.join.registrationOpen}
        </label>
        <label className="row">
          <input type="checkbox" name="approval" defaultChecked={registration.require_approval} />{" "}
          {t.join.requireApproval}
        </label>
      </div>
      <div className="field">
        <label htmlFor="reg-cap">{t.join.registrationCap}</label>
        <input
          id="reg-cap"
          name="cap"
          type="number"
          min={1}
          max={100000}
          defaultValue={registration.cap ?? ""}
        />
      </div>
      <div className="row">
        <button className="btn btn--primary" type="submit" disabled={pending}>
          {pending ? t.common.saving : t.common.save}
        </button>
        {message && (
          <span className="small muted" role="status">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
