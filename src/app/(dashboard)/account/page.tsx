import type { Metadata } from "next";
import { PasswordForm, SignOutEverywhere } from "~/app/_components/account/account-settings";
import { PersonalTokens } from "~/app/_components/account/personal-tokens";
import { fmt } from "~/lib/i18n";
import { getI18n } from "~/lib/i18n/server";
import { pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.title };
}

/** The organiser's own account: password, sessions and personal API tokens. */
export default async function AccountPage() {
  const { session, t, api } = await pageContext("/account");
  const { tokens } = await api.account.personalTokens({});
  return (
    <main className="stack" style={{ maxWidth: "60rem" }}>
      <div className="page-header">
        <div>
          <h1>{t.account.title}</h1>
          <p className="muted">{fmt(t.account.lead, { email: session.email })}</p>
        </div>
      </div>
      <PasswordForm email={session.email} />
      <SignOutEverywhere />
      <PersonalTokens tokens={tokens} />
    </main>
  );
}
