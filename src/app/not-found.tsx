import Link from "next/link";
import { getI18n } from "~/lib/i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <main>
      <div className="card empty">
        <svg width="48" height="48" viewBox="0 0 24 24" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z"
          />
        </svg>
        <h1>{t.common.notFoundTitle}</h1>
        <p>{t.common.notFoundText}</p>
        <Link className="btn" href="/events">
          {t.common.backHome}
        </Link>
      </div>
    </main>
  );
}
