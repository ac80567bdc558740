"use client";
import { type ReactNode, useId, useRef, useState } from "react";
import { useI18n } from "~/lib/i18n/client";

/**
 * A button that asks first, in a native modal <dialog> (focus trapped, Escape closes). With `confirmText`,
 * the organiser must type it (an event's name) before the destructive action is enabled.
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  pendingLabel,
  confirmText,
  confirmTextLabel,
  onConfirm,
  className = "btn btn--danger",
  danger = true,
}: {
  label: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  confirmText?: string;
  confirmTextLabel?: string;
  onConfirm: () => Promise<void>;
  className?: string;
  danger?: boolean;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const blocked = confirmText !== undefined && typed.trim() !== confirmText.trim();

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch {
      setError(t.common.genericError);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => {
          setTyped("");
          setError(null);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${id}-title`}>
        <div className="dialog__body">
          <h2 id={`${id}-title`}>{title}</h2>
          <div>{children}</div>
          {confirmText !== undefined && (
            <div className="field">
              <label htmlFor={`${id}-confirm`}>{confirmTextLabel}</label>
              <input
                id={`${id}-confirm`}
                type="text"
                value={typed}
                autoComplete="off"
                onChange={(e) => setTyped(e.target.value)}
              />
            </div>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className={danger ? "btn btn--danger-solid" : "btn btn--primary"}
            disabled={pending || blocked}
            onClick={() => void confirm()}
          >
            {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
