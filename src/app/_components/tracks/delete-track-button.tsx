"use client";
import { useRouter } from "next/navigation";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { api } from "~/trpc/client";

/** Deletes a track after confirmation, then goes to `redirectTo` (or renders the current page again). */
export function DeleteTrackButton({
  id,
  title,
  redirectTo,
  compact = false,
}: {
  id: string;
  title: string;
  redirectTo?: string;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const router = useRouter();
  return (
    <ConfirmButton
      label={
        compact ? (
          <>
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
              <path
                fill="currentColor"
                d="M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h1.5v-8H10zm3.5 0v8H15v-8h-1.5z"
              />
            </svg>
            <span className="visually-hidden">{`${t.track.delete}: ${title}`}</span>
          </>
        ) : (
          t.track.delete
        )
      }
      className={compact ? "icon-btn" : "btn btn--danger"}
      title={t.track.delete}
      confirmLabel={t.common.delete}
      pendingLabel={t.common.deleting}
      onConfirm={async () => {
        await api.track.delete.mutate({ id });
        if (redirectTo) router.replace(redirectTo);
        router.refresh();
      }}
    >
      <p>{fmt(t.track.deleteConfirm, { title })}</p>
    </ConfirmButton>
  );
}
