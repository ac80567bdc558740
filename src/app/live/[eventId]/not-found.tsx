import Link from "next/link";
import { getI18n } from "~/lib/i18n/server";

/** A visitor without access (private event, wrong or expired share link) or an unknown event: same answer. */
export default async function LiveNotFound() {
  const t = (await getI18n()).t.live;
  return (
    <main>
      <div className="card empty" data-testid="live-unavailable">
        <svg width="48" height="48" viewBox="0 0 24 24" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 1a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-9a2 2 0 0 0-2-2h-1V6a5 5 0 0 0-5-5zm-3 8V6a3 3 0 1 1 6 0v3z"
          />
        </svg>
        <h1>{t.unavailableTitle}</h1>
        <p>{t.unavailableText}</p>
        <Link className="btn" href="/">
          {t.unavailableHome}
        </Link>
      </div>
    </main>
  );
}
