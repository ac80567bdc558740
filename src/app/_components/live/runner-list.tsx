"use client";
import { type KeyboardEvent, memo, useLayoutEffect, useRef, useState } from "react";
import type { RunnerStatus } from "~/lib/live/runners";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { RowSource } from "./frames";
import { useVisibleRows } from "./use-visible-rows";

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

/**
 * The runners' list, virtualised: only the rows in view (and a few around them) are in the document, placed
 * at their index in a list as tall as all of them, so 1,000 runners cost the twenty on screen — in layout, in
 * React and in formatting, the "ago" ticking included. Each row stays a button with its full label, and the
 * list tells assistive technologies its size and each row's position; arrow keys, Page Up/Down, Home and End
 * move through all the rows (the row being focused is always kept rendered).
 */
export function RunnerList({
  rows,
  selectedKey,
  onSelect,
  t,
}: {
  rows: RowSource;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  t: Dictionary["live"];
}) {
  const list = useRef<HTMLUListElement>(null);
  const { first, end, rowPx } = useVisibleRows(list, rows.count);
  const [focused, setFocused] = useState<number | null>(null);
  const pendingFocus = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const button = list.current?.querySelector<HTMLButtonElement>(`li[data-index="${index}"] > button`);
    if (!button) return;
    pendingFocus.current = null;
    button.focus({ preventScroll: true });
  });
  if (rows.count === 0) {
    return <p className="live-list__empty">{t.empty}</p>;
  }

  const indices: number[] = [];
  for (let i = first; i < end; i++) indices.push(i);
  if (focused !== null && focused < rows.count && (focused < first || focused >= end)) indices.push(focused);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const from = Number((e.target as HTMLElement).closest("li")?.dataset.index);
    if (!Number.isInteger(from)) return;
    const page = Math.max(1, end - first - 17);
    const to =
      e.key === "ArrowDown"
        ? from + 1
        : e.key === "ArrowUp"
          ? from - 1
          : e.key === "PageDown"
            ? from + page
            : e.key === "PageUp"
              ? from - page
              : e.key === "Home"
                ? 0
                : e.key === "End"
                  ? rows.count - 1
                  : null;
    if (to === null) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(rows.count - 1, to));
    const el = list.current;
    if (!el) return;
    // Bring the row into view (the list's scroll box or the page), then focus it once it is rendered.
    const box = el.getBoundingClientRect();
    const rowTop = box.top + index * rowPx;
    const clip = el.parentElement?.getBoundingClientRect();
    const top = Math.max(0, clip?.top ?? 0);
    const bottom = Math.min(window.innerHeight, clip?.bottom ?? window.innerHeight);
    const shift = rowTop < top ? rowTop - top : rowTop + rowPx > bottom ? rowTop + rowPx - bottom : 0;
    if (shift !== 0) {
      const scroller = el.parentElement;
      if (scroller && scroller.scrollHeight > scroller.clientHeight) scroller.scrollTop += shift;
      else window.scrollBy(0, shift);
    }
    pendingFocus.current = index;
    setFocused(index);
  };

  return (
    <ul
      className="live-list"
      data-testid="live-list"
      ref={list}
      style={{ height: rows.count * rowPx }}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        const index = Number((e.target as HTMLElement).closest("li")?.dataset.index);
        if (Number.isInteger(index)) setFocused(index);
      }}
    >
      {indices.map((i) => {
        const row = rows.row(i);
        if (!row) return null;
        return (
          <li
            key={row.key}
            data-index={i}
            aria-setsize={rows.count}
            aria-posinset={i + 1}
            style={{ transform: `translateY(${i * rowPx}px)` }}
          >
            <Row row={row} selected={row.key === selectedKey} onSelect={onSelect} t={t} />
          </li>
        );
      })}
    </ul>
  );
}

const sameRow = (a: RunnerRow, b: RunnerRow) =>
  (Object.keys(a) as Array<keyof RunnerRow>).every((k) => a[k] === b[k]);

/**
 * One line, rendered again only when what it shows changed (the list's rows are new objects on every update,
 * their contents mostly not).
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
    );
  },
  (a, b) => a.selected === b.selected && a.onSelect === b.onSelect && a.t === b.t && sameRow(a.row, b.row),
);
