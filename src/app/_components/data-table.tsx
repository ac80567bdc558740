import { Fragment, type ReactNode } from "react";
import { ConfirmButton } from "~/app/_components/confirm-button";

/**
 * The managers' lists (participants, tokens, share links, tracks) written once: a `table.data` in its
 * scrolling wrapper, or an empty state when there is nothing to list. Plain markup, so both server
 * components (the track table) and client ones use it.
 */

export interface Column<T> {
  /** Stable and unique among the columns (React's key). */
  key: string;
  /** The header's text; with `hiddenHeader` it is for screen readers only (the row actions' column). */
  header: ReactNode;
  hiddenHeader?: boolean;
  /** A whole custom header cell (a sortable column's <th>), instead of `header`. */
  th?: ReactNode;
  headerClassName?: string;
  className?: string;
  cell: (row: T) => ReactNode;
}

export function DataTable<T>({
  rows,
  columns,
  rowKey,
  testId,
  rowProps,
  renderRow,
  empty,
  card = false,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  testId: string;
  /** Extra attributes of a row (data-* hooks for tests). */
  rowProps?: (row: T) => Record<string, string>;
  /** Replaces a row's cells when it returns something (a row being edited in place). */
  renderRow?: (row: T) => ReactNode;
  /** Shown instead of the table when there are no rows (an `EmptyState`, usually). */
  empty?: ReactNode;
  /** The table in its own flush card (the managers' pages). */
  card?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return empty;
  const table = (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) =>
              column.th !== undefined ? (
                <Fragment key={column.key}>{column.th}</Fragment>
              ) : (
                <th key={column.key} scope="col" className={column.headerClassName}>
                  {column.hiddenHeader ? (
                    <span className="visually-hidden">{column.header}</span>
                  ) : (
                    column.header
                  )}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            const custom = renderRow?.(row);
            if (custom) return <Fragment key={key}>{custom}</Fragment>;
            return (
              <tr key={key} {...rowProps?.(row)}>
                {columns.map((column) => (
                  <td key={column.key} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return card ? <div className="card card--flush">{table}</div> : table;
}

/**
 * What a list shows when it has nothing yet: a sentence, optionally a title, an icon and a way forward.
 * In its own card by default; `card={false}` inside a card that already holds the list's tools.
 */
export function EmptyState({
  text,
  title,
  icon,
  action,
  testId,
  card = true,
}: {
  text: ReactNode;
  title?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
  testId?: string;
  card?: boolean;
}) {
  return (
    <div className={card ? "card empty" : "empty"} data-testid={testId}>
      {icon}
      {title && <h2>{title}</h2>}
      <p>{text}</p>
      {action}
    </div>
  );
}

/** The actions at the end of a row, right-aligned. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <div className="row" style={{ justifyContent: "flex-end" }}>
      {children}
    </div>
  );
}

/** A row's destructive action (remove, revoke): a small red button that asks first. */
export function DangerRowAction({
  label,
  title,
  pendingLabel,
  onConfirm,
  children,
}: {
  label: string;
  /** The confirmation dialog's title; the label by default. */
  title?: string;
  pendingLabel?: string;
  onConfirm: () => Promise<void>;
  /** The question asked in the dialog. */
  children: ReactNode;
}) {
  return (
    <ConfirmButton
      label={label}
      className="btn btn--small btn--danger"
      title={title ?? label}
      confirmLabel={label}
      pendingLabel={pendingLabel}
      onConfirm={onConfirm}
    >
      {children}
    </ConfirmButton>
  );
}
