"use client";
import { type FormEvent, useId, useState } from "react";
import type { Dictionary } from "~/lib/i18n";
import { api } from "~/trpc/client";

/** The spectators' delay (0 to 3600 s), saved on its own. */
export function SpectatorDelayForm({
  eventId,
  initial,
  t,
}: {
  eventId: string;
  /** The event's current delay, when the page knows it (the input starts empty otherwise). */
  initial?: number;
  t: Dictionary;
}) {
  const id = useId();
  const [delay, setDelay] = useState(initial === undefined ? "" : String(initial));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSave(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = Number(delay);
    if (delay.trim() === "" || !Number.isInteger(value) || value < 0 || value > 3600) {
      setMessage({ ok: false, text: t.live.delayInvalid });
      return;
    }
    setSaving(true);
    try {
      await api.live.setSpectatorDelay.mutate({ event_id: eventId, spectator_delay_sec: value });
      setMessage({ ok: true, text: t.live.delaySaved });
    } catch {
      setMessage({ ok: false, text: t.common.genericError });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={onSave}>
      <div className="field" style={{ maxWidth: "22rem" }}>
        <label id={`${id}-delay`} htmlFor={`${id}-delay-input`}>
          {t.live.delayLabel}
        </label>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          <input
            id={`${id}-delay-input`}
            type="number"
            inputMode="numeric"
            min={0}
            max={3600}
            step={1}
            value={delay}
            placeholder="0"
            aria-describedby={`${id}-delay-hint`}
            aria-invalid={message?.ok === false}
            onChange={(e) => {
              setDelay(e.target.value);
              setMessage(null);
            }}
          />
          <button className="btn" type="submit" disabled={saving}>
            {saving ? t.common.saving : t.common.save}
          </button>
        </div>
        <span className="hint" id={`${id}-delay-hint`}>
          {t.live.delayHint}
        </span>
        {message && (
          <span className={message.ok ? "hint" : "error"} role={message.ok ? "status" : "alert"}>
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
