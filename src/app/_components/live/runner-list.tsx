"use client";
import { memo } from "react";
import type { RunnerStatus } from "~/lib/live/runners";
import { type Dictionary, fmt } from "~/lib/i18n";

/** One line of the list, already formatted (live or replay). */
export interface RunnerRow {
  key: string;
  name: string;
  bib: string | null;
  /** In the colour chip, as on the map marker: the bib, else initials. */
  text: string;
  color: string;
  status: RunnerStatus;
  stale: boolean;
  distance: string;
  pace: string;
  /** "il y a 12 s" live, elapsed time in a replay. */
  detail: string | null;
  hasPosition: boolean;
}

export function RunnerList({
  rows,
  selectedKey,
  onSelect,
  t,
}: {
  rows: RunnerRow[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  t: Dictionary["live"];
}) {
  if (rows.length === 0) {
    return <p className="live-list__empty">{t.empty}</p>;
  }
  return (
    <ul className="live-list" data-testid="live-list">
      {rows.map((row) => (
        <Row key={row.key} row={row} selected={row.key === selectedKey} onSelect={onSelect} t={t} />
      ))}
    </ul>
  );
}

const sameRow = (a: RunnerRow, b: RunnerRow) =>
  (Object.keys(a) as Array<keyof RunnerRow>).every((k) => a[k] === b[k]);

/**
 * One line, rendered again only when what it shows changed (the list's rows are new objects on every update,
 * their contents mostly not). Rows off screen are neither laid out nor painted (content-visibility in
 * live.css): 1,000 of them cost the few in view.
 */
const Row = memo(
  function Row({
    row,
    selected,
    onSelect,
    t,
  }: {
    row: RunnerRow;
    selected: boolean;
    onSelect: (key: string) => void;
    t: Dictionary["live"];
  }) {
    return (
      <li>
        <button
          type="button"
          className={`live-row${row.stale ? " live-row--stale" : ""}${row.status === "not_started" ? " live-row--waiting" : ""}`}
          aria-pressed={selected}
          aria-label={`${row.bib ? `${fmt(t.bib, { bib: row.bib })}, ` : ""}${row.name}, ${t.status[row.status]}${row.stale ? `, ${t.stale}` : ""}. ${fmt(t.focus, { name: row.name })}`}
          data-runner={row.key}
          data-status={row.status}
          data-stale={row.stale}
          onClick={() => onSelect(row.key)}
        >
          <span
            className="live-row__chip"
            style={{ background: row.stale ? "#8a949e" : row.color }}
            aria-hidden="true"
          >
            {row.text}
          </span>
          <span className="live-row__main">
            <span className="live-row__top">
              <span className="live-row__name">{row.name}</span>
              <span className={`badge badge--${row.stale ? "stale" : row.status}`}>
                {row.stale ? t.stale : t.status[row.status]}
              </span>
            </span>
            {row.status !== "not_started" && (
              <span className="live-row__stats">
                <span data-testid="runner-distance" title={t.distance}>
                  {row.distance}
                </span>
                <span title={t.pace}>{row.pace}</span>
                {row.detail && (
                  <span className="live-row__ago" title={t.lastPoint}>
                    {row.detail}
                  </span>
                )}
                {!row.hasPosition && <span className="live-row__ago">{t.noPosition}</span>}
              </span>
            )}
          </span>
        </button>
      </li>
    );
  },
  (a, b) => a.selected === b.selected && a.onSelect === b.onSelect && a.t === b.t && sameRow(a.row, b.row),
);
