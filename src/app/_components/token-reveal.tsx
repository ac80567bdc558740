"use client";
import { useEffect, useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { CopyButton } from "./copy-button";

export function curlExample(origin: string, token: string): string {
  return `curl -X POST ${origin}/api/tracks -H "X-API-Key: ${token}" -H "Content-Type: application/json" -d '{"device_track_id":"phone-1"}'`;
}

/**
 * A token just issued: shown this once, with a copy button and a ready-to-run curl command (an event token's
 * first track by default; `example` for another kind of token).
 */
export function TokenReveal({
  raw,
  title,
  text,
  example = { title: undefined, command: curlExample },
}: {
  raw: string;
  title?: string;
  text?: string;
  example?: { title?: string; command: (origin: string, token: string) => string };
}) {
  const { t } = useI18n();
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const curl = example.command(origin, raw);
  return (
    <section className="token-reveal" aria-labelledby="token-reveal-title" data-testid="token-reveal">
      <h3 id="token-reveal-title">{title ?? t.tokens.shownOnceTitle}</h3>
      <p className="small" style={{ margin: 0 }}>
        <strong>{text ?? t.tokens.shownOnce}</strong>
      </p>
      <div className="secret">
        <code data-testid="raw-token">{raw}</code>
        <CopyButton text={raw} className="btn" />
      </div>
      <div>
        <p className="small muted" style={{ margin: "0 0 0.35rem" }}>
          {example.title ?? t.tokens.curlTitle}
        </p>
        <div className="curl">
          <pre data-testid="curl-example">{curl}</pre>
          <CopyButton text={curl} />
        </div>
      </div>
    </section>
  );
}
