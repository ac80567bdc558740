import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrganisersTable } from "~/app/_components/account/organisers-table";
import { getI18n } from "~/lib/i18n/server";
import { pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.account.admin.title };
}

/** The instance administrators' page; to anyone else it does not exist. */
export default async function AdminPage() {
  const { session, api, t } = await pageContext("/admin");
  if (!session.isAdmin) notFound();
  const { organisers } = await api.admin.organisers({});
  return (
    <main className="stack">
      <div className="page-header">
        <div>
          <h1>{t.account.admin.title}</h1>
          <p className="lead">{t.account.admin.lead}</p>
        </div>
      </div>
      <OrganisersTable organisers={organisers} selfId={session.userId} />
    </main>
  );
}
