"use client";
import { type ReactNode, useState } from "react";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { RowSource } from "./frames";
import { RunnerList } from "./runner-list";

/**
 * The side panel (under the map on a phone): the runners' list, how many are on course, the followed one;
 * with races, a second tab holds their leaderboard (one panel at a time: a 390 px phone has room for one).
 */
export function LiveSide({
  rows,
  selectedKey,
  onSelect,
  onClearFocus,
  t,
  board,
  boardLabel,
}: {
  rows: RowSource;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onClearFocus: () => void;
  t: Dictionary["live"];
  /** The races' leaderboard, shown in its own tab; none without races. */
  board?: ReactNode;
  boardLabel?: string;
}) {
  const [listOpen, setListOpen] = useState(true);
  const [tab, setTab] = useState<"runners" | "board">("runners");
  const selected = selectedKey === null ? null : rows.row(rows.keys.indexOf(selectedKey));
  const showBoard = board !== undefined && tab === "board";
  return (
    <aside className="live-side" aria-labelledby="live-list-title" data-open={listOpen}>
      <div className="live-side__head">
        {board === undefined ? (
          <h2 id="live-list-title">
            {t.participants} <span className="count">{rows.count}</span>
          </h2>
        ) : (
          <div className="live-tabs" role="tablist" id="live-list-title" aria-label={t.participants}>
            <button
              type="button"
              role="tab"
              aria-selected={!showBoard}
              aria-controls="live-list-body"
              data-testid="tab-runners"
              onClick={() => setTab("runners")}
            >
              {t.participants} <span className="count">{rows.count}</span>
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={showBoard}
              aria-controls="live-list-body"
              data-testid="tab-board"
              onClick={() => {
                setTab("board");
                setListOpen(true);
              }}
            >
              {boardLabel}
            </button>
          </div>
        )}
        {!showBoard && (
          <span className="live-side__summary">{fmt(t.onCourse, { count: rows.onCourse })}</span>
        )}
        <button
          type="button"
          className="btn btn--small live-side__toggle"
          aria-expanded={listOpen}
          aria-controls="live-list-body"
          aria-label={listOpen ? t.hideList : t.showList}
          onClick={() => setListOpen((o) => !o)}
        >
          {listOpen ? t.hide : t.show}
        </button>
      </div>
      {selected && (
        <div className="live-side__focus" role="status">
          <span>{fmt(t.focused, { name: selected.name })}</span>
          <button type="button" className="btn btn--small btn--ghost" onClick={onClearFocus}>
            {t.clearFocus}
          </button>
        </div>
      )}
      <div
        className="live-side__body"
        id="live-list-body"
        role={board === undefined ? undefined : "tabpanel"}
      >
        {showBoard ? board : <RunnerList rows={rows} selectedKey={selectedKey} onSelect={onSelect} t={t} />}
      </div>
    </aside>
  );
}
