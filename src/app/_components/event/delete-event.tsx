"use client";
import { useRouter } from "next/navigation";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { fmtCount } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { api } from "~/trpc/client";

export function DeleteEvent({ id, name, tracks }: { id: string; name: string; tracks: number }) {
  const { t } = useI18n();
  const router = useRouter();
  return (
    <ConfirmButton
      label={t.event.deleteTitle}
      title={t.event.deleteTitle}
      confirmLabel={t.common.delete}
      pendingLabel={t.common.deleting}
      confirmText={name}
      confirmTextLabel={t.event.deleteConfirmLabel}
      onConfirm={async () => {
        await api.event.delete.mutate({ id });
        router.replace("/events");
        router.refresh();
      }}
    >
      <p>{fmtCount(t.locale, t.event.deleteText, tracks, { name })}</p>
    </ConfirmButton>
  );
}
