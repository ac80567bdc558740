"use client";
import { useState } from "react";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { RowSource } from "./frames";
import { RunnerList } from "./runner-list";

/** The side panel (under the map on a phone): the runners' list, how many are on course, the followed one. */
export function LiveSide({
  rows,
  selectedKey,
  onSelect,
  onClearFocus,
  t,
}: {
  rows: RowSource;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onClearFocus: () => void;
  t: Dictionary["live"];
}) {
  const [listOpen, setListOpen] = useState(true);
  const selected = selectedKey === null ? null : rows.row(rows.keys.indexOf(selectedKey));
  return (
    <aside className="live-side" aria-labelledby="live-list-title" data-open={listOpen}>
      <div className="live-side__head">
        <h2 id="live-list-title">
          {t.participants} <span className="count">{rows.count}</span>
        </h2>
        <span className="live-side__summary">{fmt(t.onCourse, { count: rows.onCourse })}</span>
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
      <div className="live-side__body" id="live-list-body">
        <RunnerList rows={rows} selectedKey={selectedKey} onSelect={onSelect} t={t} />
      </div>
    </aside>
  );
}
