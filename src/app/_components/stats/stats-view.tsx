import Link from "next/link";
import { formatCount, formatStat } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import type { TStatsResponse } from "~/server/api/schemas/stats";
import { ACTIVITY_TYPES } from "~/server/domain/activity";
import { STATISTICS } from "~/server/domain/stats/descriptors";
import { PERIOD_UNITS } from "~/server/domain/stats/periods";
import { CHART_METRICS, type StatsPageQuery, TOTAL_COLUMNS } from "./query";

type Group = TStatsResponse["total"];
const lang = (t: Dictionary) => (t.locale.startsWith("fr") ? "fr" : "en");

function metricLabel(metric: string, t: Dictionary): string {
  const d = STATISTICS.find((s) => s.column === metric);
  return d ? d.label[lang(t)] : t.stats.tracks;
}

function metricValue(group: Pick<Group, "tracks_count" | "stats">, metric: string): number {
  if (metric === "tracks") return group.tracks_count;
  return group.stats[metric as keyof Group["stats"]] ?? 0;
}

function formatMetric(metric: string, value: number, t: Dictionary): string {
  const d = STATISTICS.find((s) => s.column === metric);
  return d ? formatStat(d.unit, value, t.locale) : formatCount(value, t.locale);
}

/** Period selector: links, so the choice is in the URL and works without JavaScript. */
function PeriodLinks({ base, query, t }: { base: string; query: StatsPageQuery; t: Dictionary }) {
  const href = (by: string) => {
    const params = new URLSearchParams(linkParams(query));
    params.set("by", by);
    return `${base}?${params}`;
  };
  return (
    <nav className="segmented segmented--links" aria-label={t.stats.by}>
      {PERIOD_UNITS.map((by) => (
        <Link key={by} href={href(by)} aria-current={query.request.by === by ? "true" : undefined}>
          {t.stats.byOptions[by]}
        </Link>
      ))}
    </nav>
  );
}

/** The page's state as URL parameters (the dashboard's names, not the API's). */
function linkParams(q: StatsPageQuery): Record<string, string> {
  const r = q.request;
  const out: Record<string, string> = { by: r.by, metric: q.metric };
  if (r.activity_type) out.activity = r.activity_type;
  if (r.participant_id) out.participant = r.participant_id;
  if (r.event_id) out.event = r.event_id;
  if (r.from) out.from = r.from;
  if (r.to) out.to = r.to;
  return out;
}

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: Array<[value: string, label: string]>;
}) {
  return (
    <div className="field">
      <label htmlFor={`s-${name}`}>{label}</label>
      <select id={`s-${name}`} name={name} defaultValue={value ?? ""}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Horizontal bars, one per period: readable at any width, however many periods. */
function BarChart({ data, query, t }: { data: TStatsResponse; query: StatsPageQuery; t: Dictionary }) {
  const values = data.periods.map((p) => metricValue(p, query.metric));
  const max = Math.max(...values, 0);
  const title = fmt(t.stats.chartTitle, { metric: metricLabel(query.metric, t) });
  return (
    <figure className="bars" aria-label={title} data-testid="stats-chart">
      <figcaption className="bars__title">{title}</figcaption>
      {data.periods.map((p, i) => {
        const value = values[i] ?? 0;
        return (
          <div className="bars__row" key={p.period}>
            <span className="bars__label">{p.period}</span>
            <span className="bars__track">
              <span className="bars__bar" style={{ width: `${max > 0 ? (100 * value) / max : 0}%` }} />
            </span>
            <span className="bars__value">{formatMetric(query.metric, value, t)}</span>
          </div>
        );
      })}
    </figure>
  );
}

function Row({
  label,
  group,
  t,
}: {
  label: string;
  group: Pick<Group, "tracks_count" | "stats">;
  t: Dictionary;
}) {
  return (
    <>
      <td>{formatCount(group.tracks_count, t.locale)}</td>
      {TOTAL_COLUMNS.map((d) => (
        <td key={d.column} className="num" data-label={`${label} ${d.label[lang(t)]}`}>
          {group.tracks_count === 0 ? "—" : formatStat(d.unit, group.stats[d.column], t.locale)}
        </td>
      ))}
    </>
  );
}

/** The Statistics page: period selector, filters (a GET form), a bar chart and the table of totals. */
export function StatsView({
  base,
  query,
  data,
  participants,
  events,
  t,
}: {
  base: string;
  query: StatsPageQuery;
  data: TStatsResponse;
  participants?: TParticipantResponse[];
  events?: Array<{ id: string; name: string }>;
  t: Dictionary;
}) {
  const r = query.request;
  return (
    <section className="card card--flush stats-page" aria-label={t.stats.title}>
      <div className="stats-page__head">
        <p className="muted small">{t.stats.intro}</p>
        <PeriodLinks base={base} query={query} t={t} />
      </div>
      <form
        key={JSON.stringify(query)}
        className="filters"
        method="get"
        action={base}
        aria-label={t.tracks.filters}
      >
        <input type="hidden" name="by" value={r.by} />
        <Select
          name="activity"
          label={t.stats.activity}
          value={r.activity_type}
          options={[
            ["", t.stats.allActivities],
            ...ACTIVITY_TYPES.map((a): [string, string] => [a, t.tracks.activities[a]]),
          ]}
        />
        {events && (
          <Select
            name="event"
            label={t.stats.event}
            value={r.event_id}
            options={[["", t.stats.allEvents], ...events.map((e): [string, string] => [e.id, e.name])]}
          />
        )}
        {participants && (
          <Select
            name="participant"
            label={t.stats.participant}
            value={r.participant_id}
            options={[
              ["", t.stats.anyone],
              ...participants.map((p): [string, string] => [p.id, `${p.bib ? `${p.bib} · ` : ""}${p.name}`]),
            ]}
          />
        )}
        <div className="field">
          <label htmlFor="s-from">{t.stats.from}</label>
          <input id="s-from" type="date" name="from" defaultValue={r.from?.slice(0, 10)} />
        </div>
        <div className="field">
          <label htmlFor="s-to">{t.stats.to}</label>
          <input id="s-to" type="date" name="to" defaultValue={r.to?.slice(0, 10)} />
        </div>
        <Select
          name="metric"
          label={t.stats.metric}
          value={query.metric}
          options={CHART_METRICS.map((m): [string, string] => [m, metricLabel(m, t)])}
        />
        <div className="actions">
          <button className="btn btn--primary" type="submit">
            {t.stats.apply}
          </button>
        </div>
      </form>
      {data.total.tracks_count === 0 ? (
        <div className="empty">
          <h3>{t.stats.empty}</h3>
          <p className="muted">{t.stats.emptyHint}</p>
        </div>
      ) : (
        <>
          <BarChart data={data} query={query} t={t} />
          <div className="table-wrap">
            <table className="data stats-table" data-testid="stats-table">
              <thead>
                <tr>
                  <th scope="col">{t.stats.period}</th>
                  <th scope="col">{t.stats.tracks}</th>
                  {TOTAL_COLUMNS.map((d) => (
                    <th key={d.column} scope="col" className="num">
                      {d.label[lang(t)]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.periods.map((p) => (
                  <tr key={p.period} className={p.tracks_count === 0 ? "stats-table__empty" : undefined}>
                    <th scope="row">{p.period}</th>
                    <Row label={p.period} group={p} t={t} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t.stats.total}</th>
                  <Row label={t.stats.total} group={data.total} t={t} />
                </tr>
                {data.total.activities.length > 1 &&
                  data.total.activities.map((a) => (
                    <tr key={a.activity_type}>
                      <th scope="row">{t.tracks.activities[a.activity_type]}</th>
                      <Row label={a.activity_type} group={a} t={t} />
                    </tr>
                  ))}
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
