import Link from "next/link";
import type { Dictionary } from "~/lib/i18n";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import { ACTIVITY_TYPES, TRACK_STATES } from "~/server/api/schemas/track";
import { hasFilters, type TrackTableQuery } from "./query";

/** The track table's filters: a GET form, so the state stays in the URL. */
export function Filters({
  base,
  query,
  participants,
  t,
}: {
  base: string;
  query: TrackTableQuery;
  participants: TParticipantResponse[];
  t: Dictionary;
}) {
  return (
    // Keyed by the query: after a client-side navigation the uncontrolled fields show the URL's values again.
    <form
      key={JSON.stringify(query)}
      className="filters"
      method="get"
      action={base}
      aria-label={t.tracks.filters}
    >
      <div className="field">
        <label htmlFor="f-state">{t.tracks.state}</label>
        <select id="f-state" name="state" defaultValue={query.state}>
          <option value="">{t.tracks.all}</option>
          {TRACK_STATES.map((s) => (
            <option key={s} value={s}>
              {t.tracks.states[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-activity">{t.tracks.activity}</label>
        <select id="f-activity" name="activity" defaultValue={query.activity}>
          <option value="">{t.tracks.all}</option>
          {ACTIVITY_TYPES.map((a) => (
            <option key={a} value={a}>
              {t.tracks.activities[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-user">{t.tracks.participant}</label>
        <select id="f-user" name="user" defaultValue={query.user}>
          <option value="">{t.tracks.anyone}</option>
          {participants
            .filter((p) => p.user_id)
            .map((p) => (
              <option key={p.id} value={p.user_id ?? ""}>
                {p.bib ? `${p.bib} · ` : ""}
                {p.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">{t.tracks.from}</label>
        <input id="f-from" type="date" name="from" defaultValue={query.from} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t.tracks.to}</label>
        <input id="f-to" type="date" name="to" defaultValue={query.to} />
      </div>
      <div className="field">
        <label htmlFor="f-dmin">{t.tracks.distanceMin}</label>
        <input id="f-dmin" type="number" name="dmin" min={0} step="0.1" defaultValue={query.dmin} />
      </div>
      <div className="field">
        <label htmlFor="f-dmax">{t.tracks.distanceMax}</label>
        <input id="f-dmax" type="number" name="dmax" min={0} step="0.1" defaultValue={query.dmax} />
      </div>
      <div className="field">
        <label htmlFor="f-q">{t.tracks.search}</label>
        <input id="f-q" type="search" name="q" defaultValue={query.q} />
      </div>
      {query.sort !== "start" && <input type="hidden" name="sort" value={query.sort} />}
      {query.order !== "desc" && <input type="hidden" name="order" value={query.order} />}
      <div className="actions">
        <button className="btn btn--primary" type="submit">
          {t.tracks.apply}
        </button>
        {hasFilters(query) && (
          <Link className="btn btn--ghost" href={base}>
            {t.tracks.clearFilters}
          </Link>
        )}
      </div>
    </form>
  );
}
