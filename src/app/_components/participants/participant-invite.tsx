"use client";
import { useRouter } from "next/navigation";
import { CopyButton } from "~/app/_components/copy-button";
import { DangerRowAction } from "~/app/_components/data-table";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import { api } from "~/trpc/client";

export type Invites = Record<string, { url: string; qr: string | null }>;

/** The invitation link of a participant: copy it, or show its QR code (drawn on the server) to print. */
export function InviteCell({
  participant,
  invite,
}: {
  participant: TParticipantResponse;
  invite?: Invites[string];
}) {
  const { t } = useI18n();
  if (!invite) return <span className="muted">—</span>;
  return (
    <div className="row">
      <CopyButton text={invite.url} label={t.join.copyLink} />
      {invite.qr && (
        <details className="qr-cell">
          <summary className="btn btn--small">{t.join.showQr}</summary>
          <img src={invite.qr} alt={fmt(t.join.qrOf, { name: participant.name })} width={160} height={160} />
          <a className="small mono" href={invite.url} data-testid="invite-link">
            {invite.url}
          </a>
        </details>
      )}
    </div>
  );
}

/** Approve a self-registration, renew a link, revoke a participant. */
export function ParticipantActions({ participant }: { participant: TParticipantResponse }) {
  const { t } = useI18n();
  const router = useRouter();
  const run = (call: Promise<unknown>) => call.then(() => router.refresh());
  if (participant.status === "revoked") return null;
  return (
    <>
      {participant.status === "registered" && (
        <button
          type="button"
          className="btn btn--small"
          onClick={() => run(api.participant.approve.mutate({ id: participant.id }))}
        >
          {t.join.approve}
        </button>
      )}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => run(api.participant.renewInvitation.mutate({ id: participant.id }))}
      >
        {t.join.renew}
      </button>
      <DangerRowAction
        label={t.join.revoke}
        onConfirm={async () => {
          await api.participant.revoke.mutate({ id: participant.id });
          router.refresh();
        }}
      >
        <p>{fmt(t.join.revokeConfirm, { name: participant.name })}</p>
      </DangerRowAction>
    </>
  );
}
