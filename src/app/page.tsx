import Link from "next/link";
import { redirect } from "next/navigation";
import { getI18n } from "~/lib/i18n/server";
import { getSession } from "~/server/auth/session";

function HeroArt() {
  return (
    <svg viewBox="0 0 360 230" width="100%" role="img" aria-label="Runify">
      <defs>
        <pattern id="grid" width="24" height="24" patternUnits="userSpaceOnUse">
          <path d="M24 0H0V24" fill="none" stroke="#f1d9cf" strokeWidth="1" />
        </pattern>
      </defs>
      <rect width="360" height="230" rx="12" fill="url(#grid)" />
      <path
        d="M30 190c30-10 40-70 80-75s40 40 80 35 30-80 70-95 50 20 70 10"
        fill="none"
        stroke="#e4572e"
        strokeWidth="5"
        strokeLinecap="round"
      />
      <circle cx="30" cy="190" r="8" fill="#16a34a" stroke="#fff" strokeWidth="3" />
      <circle cx="330" cy="65" r="8" fill="#2563eb" stroke="#fff" strokeWidth="3" />
      <path d="M20 222h320" stroke="#e9c2b4" strokeWidth="1" />
      <path d="M20 222l40-12 40 6 40-20 40 4 40-30 40 10 40-20 40 6v56H20z" fill="#e4572e" opacity="0.15" />
    </svg>
  );
}

export default async function Home() {
  const session = await getSession();
  if (session) redirect("/events");
  const { t } = await getI18n();
  return (
    <main>
      <section className="hero">
        <div>
          <h1>{t.home.tagline}</h1>
          <p>{t.home.pitch}</p>
          <ul>
            <li>{t.home.featureEvents}</li>
            <li>{t.home.featureTokens}</li>
            <li>{t.home.featureTracks}</li>
          </ul>
          <div className="row">
            <Link className="btn btn--primary" href="/signin">
              {t.home.signIn}
            </Link>
            <Link className="btn" href="/signup">
              {t.home.signUp}
            </Link>
          </div>
        </div>
        <div className="hero-art">
          <HeroArt />
        </div>
      </section>
    </main>
  );
}
