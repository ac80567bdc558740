"use client";
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Rows drawn beyond each edge of the view, so that a scroll or an arrow key never shows an empty line. */
const OVERSCAN = 8;
/** Until a row is measured (server render, first frame): the desktop row's height in live.css. */
const DEFAULT_ROW_PX = 61;

export interface VisibleRange {
  first: number;
  /** Exclusive. */
  end: number;
  rowPx: number;
}

/**
 * Which of `count` fixed-height rows of `list` are in view: the list's own scroll box on a desktop, the
 * window on a phone (the list is then part of the page) — the range is what both leave visible. Recomputed
 * on any scroll (captured at the window, so the scroller may be either) and resize, at most once a frame.
 */
export function useVisibleRows(list: RefObject<HTMLElement | null>, count: number): VisibleRange {
  const [range, setRange] = useState<VisibleRange>({
    first: 0,
    end: Math.min(count, 24),
    rowPx: DEFAULT_ROW_PX,
  });
  const rowPx = useRef(DEFAULT_ROW_PX);
  const measure = useCallback(() => {
    const el = list.current;
    if (!el) return;
    const sample = el.querySelector<HTMLElement>(":scope > li");
    const h = sample?.getBoundingClientRect().height;
    if (h && h > 0) rowPx.current = h;
    const box = el.getBoundingClientRect();
    const clip = el.parentElement?.getBoundingClientRect();
    const top = Math.max(0, clip?.top ?? 0);
    const bottom = Math.min(window.innerHeight, clip?.bottom ?? window.innerHeight);
    const px = rowPx.current;
    const first = Math.max(0, Math.floor((top - box.top) / px) - OVERSCAN);
    const end = Math.min(count, Math.max(first, Math.ceil((bottom - box.top) / px) + OVERSCAN));
    setRange((r) => (r.first === first && r.end === end && r.rowPx === px ? r : { first, end, rowPx: px }));
  }, [list, count]);

  // Not on every render: reading the boxes forces a layout, and the live page renders ten times a second.
  // The range moves with a scroll, a resize, the count, or a box that changed size above or around the list.
  useLayoutEffect(measure, [measure]);
  useEffect(() => {
    let frame: number | undefined;
    const later = () => {
      if (frame === undefined)
        frame = requestAnimationFrame(() => {
          frame = undefined;
          measure();
        });
    };
    window.addEventListener("scroll", later, { capture: true, passive: true });
    window.addEventListener("resize", later);
    const observer = new ResizeObserver(later);
    const el = list.current;
    if (el) observer.observe(el);
    if (el?.parentElement) observer.observe(el.parentElement);
    return () => {
      observer.disconnect();
      window.removeEventListener("scroll", later, { capture: true });
      window.removeEventListener("resize", later);
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [measure, list]);
  return range;
}
