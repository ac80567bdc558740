import type { Session } from "~/server/api/trpc";
import type { Dictionary } from "~/lib/i18n";
import { Brand } from "./brand";
import { LangToggle, NavLink, SignOutButton } from "./header-controls";

export function SiteHeader({ session, t }: { session: Session | null; t: Dictionary }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Brand href={session ? "/events" : "/"} />
        <nav className="site-nav" aria-label={t.nav.menu}>
          {session && <NavLink href="/events">{t.nav.events}</NavLink>}
          {session && <NavLink href="/stats">{t.nav.stats}</NavLink>}
          {session && <NavLink href="/account">{t.nav.account}</NavLink>}
          {session?.isAdmin && <NavLink href="/admin">{t.account.admin.nav}</NavLink>}
          <NavLink href="/docs/api">{t.nav.apiDocs}</NavLink>
        </nav>
        <div className="header-tools">
          <LangToggle />
          {session && (
            <>
              <span className="user-email" title={session.email}>
                {session.email}
              </span>
              <SignOutButton />
            </>
          )}
        </div>
      </div>
    </header>
  );
}
