"use client";
import { useState } from "react";
import { useI18n } from "~/lib/i18n/client";

/** Copies `text`; falls back to selecting a hidden textarea where the Clipboard API is unavailable (http). */
export function CopyButton({
  text,
  label,
  className = "btn btn--small",
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button type="button" className={className} onClick={() => void copy()} aria-live="polite">
      {copied ? `✓ ${t.common.copied}` : (label ?? t.common.copy)}
    </button>
  );
}
