"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  type Column,
  DangerRowAction,
  DataTable,
  EmptyState,
  RowActions,
} from "~/app/_components/data-table";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import { api, apiError } from "~/trpc/client";
import { InviteCell, type Invites, ParticipantActions } from "./participant-invite";

function useErrorText() {
  const { t } = useI18n();
  return (err: unknown) => {
    const { code } = apiError(err);
    if (code === "CONFLICT") return t.participants.bibTaken;
    if (code === "UNAUTHORIZED") return t.common.sessionExpired;
    if (code === "BAD_REQUEST") return t.eventForm.required;
    return t.common.genericError;
  };
}

function fields(form: HTMLFormElement) {
  const data = new FormData(form);
  return {
    name: String(data.get("name") ?? ""),
    bib: String(data.get("bib") ?? "") || null,
    user_id: String(data.get("user_id") ?? "") || null,
  };
}

function EditRow({ participant, onDone }: { participant: TParticipantResponse; onDone: () => void }) {
  const { t } = useI18n();
  const router = useRouter();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    try {
      await api.participant.update.mutate({ id: participant.id, ...fields(e.currentTarget) });
      onDone();
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <tr>
      <td colSpan={7}>
        <form className="participant-row" onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor={`e-name-${participant.id}`}>{t.eventForm.participantName}</label>
            <input
              id={`e-name-${participant.id}`}
              name="name"
              type="text"
              defaultValue={participant.name}
              required
              maxLength={200}
            />
          </div>
          <div className="field">
            <label htmlFor={`e-bib-${participant.id}`}>{t.eventForm.bib}</label>
            <input
              id={`e-bib-${participant.id}`}
              name="bib"
              type="text"
              defaultValue={participant.bib ?? ""}
              maxLength={20}
            />
          </div>
          <div className="field">
            <label htmlFor={`e-user-${participant.id}`}>{t.eventForm.userId}</label>
            <input
              id={`e-user-${participant.id}`}
              name="user_id"
              type="text"
              defaultValue={participant.user_id ?? ""}
              maxLength={255}
            />
          </div>
          <div className="row">
            <button className="btn btn--primary" type="submit" disabled={pending}>
              {pending ? t.common.saving : t.common.save}
            </button>
            <button className="btn btn--ghost" type="button" onClick={onDone}>
              {t.common.cancel}
            </button>
          </div>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Add, edit and remove the event's participants. */
export function ParticipantsManager({
  eventId,
  participants,
  invites,
}: {
  eventId: string;
  participants: TParticipantResponse[];
  invites: Invites;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const errorText = useErrorText();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    setError(null);
    try {
      await api.participant.create.mutate({ event_id: eventId, ...fields(form) });
      form.reset();
      form.querySelector<HTMLInputElement>("input[name=name]")?.focus();
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setPending(false);
    }
  }

  const none = <span className="muted">—</span>;
  const columns: Column<TParticipantResponse>[] = [
    {
      key: "bib",
      header: t.eventForm.bib,
      cell: (p) => (p.bib ? <span className="bib">{p.bib}</span> : none),
    },
    { key: "name", header: t.eventForm.participantName, cell: (p) => p.name },
    { key: "user", header: t.eventForm.userId, className: "mono", cell: (p) => p.user_id ?? none },
    {
      key: "status",
      header: t.join.statusHeader,
      cell: (p) => <span className={`badge badge--${p.status}`}>{t.join.status[p.status]}</span>,
    },
    {
      key: "joined",
      header: t.join.joinedAt,
      cell: (p) =>
        p.joined_at
          ? new Date(p.joined_at).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" })
          : none,
    },
    {
      key: "invite",
      header: t.join.link,
      cell: (p) => <InviteCell participant={p} invite={invites[p.id]} />,
    },
    {
      key: "actions",
      header: t.common.edit,
      hiddenHeader: true,
      className: "num",
      cell: (p) => (
        <RowActions>
          <button type="button" className="btn btn--small" onClick={() => setEditing(p.id)}>
            {t.common.edit}
          </button>
          <ParticipantActions participant={p} />
          <DangerRowAction
            label={t.common.remove}
            onConfirm={async () => {
              await api.participant.delete.mutate({ id: p.id });
              router.refresh();
            }}
          >
            <p>{fmt(t.participants.deleteConfirm, { name: p.name })}</p>
          </DangerRowAction>
        </RowActions>
      ),
    },
  ];

  return (
    <div className="stack">
      <form className="card form" onSubmit={onAdd} aria-labelledby="add-participant">
        <div>
          <h2 id="add-participant">{t.eventForm.addParticipant}</h2>
          <p className="muted small">{t.participants.lead}</p>
        </div>
        <div className="participant-row">
          <div className="field">
            <label htmlFor="new-name">{t.eventForm.participantName}</label>
            <input id="new-name" name="name" type="text" required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="new-bib">{t.eventForm.bib}</label>
            <input id="new-bib" name="bib" type="text" maxLength={20} />
          </div>
          <div className="field">
            <label htmlFor="new-user">{t.eventForm.userId}</label>
            <input id="new-user" name="user_id" type="text" maxLength={255} />
          </div>
          <button className="btn btn--primary" type="submit" disabled={pending}>
            + {t.join.invite}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>

      <DataTable
        card
        rows={participants}
        columns={columns}
        rowKey={(p) => p.id}
        renderRow={(p) => editing === p.id && <EditRow participant={p} onDone={() => setEditing(null)} />}
        testId="participants-table"
        empty={<EmptyState text={t.participants.empty} />}
      />
    </div>
  );
}
