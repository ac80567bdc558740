import Link from "next/link";
import type { Dictionary } from "~/lib/i18n";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import { ACTIVITY_TYPES, TRACK_STATES } from "~/server/api/schemas/track";
import { hasFilters, type TrackTableQuery } from "./query";

/** One filter among fixed values; the first option, empty, means any. */
function FilterSelect({
  name,
  label,
  value,
  any,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  any: string;
  options: [value: string, label: string][];
}) {
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value}>
        <option value="">{any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

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
      <FilterSelect
        name="state"
        label={t.tracks.state}
        value={query.state}
        any={t.tracks.all}
        options={TRACK_STATES.map((s) => [s, t.tracks.states[s]])}
      />
      <FilterSelect
        name="activity"
        label={t.tracks.activity}
        value={query.activity}
        any={t.tracks.all}
        options={ACTIVITY_TYPES.map((a) => [a, t.tracks.activities[a]])}
      />
      <FilterSelect
        name="user"
        label={t.tracks.participant}
        value={query.user}
        any={t.tracks.anyone}
        options={participants.flatMap((p) =>
          p.user_id ? [[p.user_id, `${p.bib ? `${p.bib} · ` : ""}${p.name}`]] : [],
        )}
      />
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
