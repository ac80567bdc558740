"use client";
import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from "react";

export interface ProfileSeries {
  /** Distance along the track, metres, ascending. */
  x: readonly number[];
  /** Values, null where unknown (drawn as gaps). */
  y: readonly (number | null)[];
}

const HEIGHT = 170;
const PAD = { top: 10, right: 14, bottom: 22, left: 40 };

function niceStep(range: number, target: number): number {
  const raw = range / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** Index of the x closest to `value` (x ascending). */
export function nearestIndex(x: readonly number[], value: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((x[lo - 1] ?? 0) - value) <= Math.abs((x[lo] ?? 0) - value)) return lo - 1;
  return lo;
}

/**
 * An area profile against distance, drawn in SVG. Pointer and arrow keys move a shared cursor (`index`) that
 * the track page also shows on the map.
 */
export function ProfileChart({
  title,
  series,
  color,
  index,
  onIndex,
  formatY,
  formatX,
  formatTick = formatY,
  formatXTick = formatX,
  minSpan = 10,
  floorZero = false,
  testId,
}: {
  title: string;
  series: ProfileSeries;
  color: string;
  index: number | null;
  onIndex: (index: number | null) => void;
  formatY: (value: number) => string;
  formatX: (meters: number) => string;
  /** Axis labels (shorter than the readout: the unit goes in the title). */
  formatTick?: (value: number) => string;
  formatXTick?: (meters: number) => string;
  minSpan?: number;
  floorZero?: boolean;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.round(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const geometry = useMemo(() => {
    const values = series.y.filter((v): v is number => v !== null && Number.isFinite(v));
    const xMax = series.x[series.x.length - 1] ?? 0;
    if (values.length < 2 || xMax <= 0) return null;
    let yMin = Math.min(...values);
    let yMax = Math.max(...values);
    if (floorZero) yMin = 0;
    if (yMax - yMin < minSpan) {
      const mid = (yMax + yMin) / 2;
      yMin = floorZero ? 0 : mid - minSpan / 2;
      yMax = floorZero ? Math.max(minSpan, yMax) : mid + minSpan / 2;
    }
    const yStep = niceStep(yMax - yMin, 4);
    yMin = Math.floor(yMin / yStep) * yStep;
    yMax = Math.ceil(yMax / yStep) * yStep;
    const innerW = width - PAD.left - PAD.right;
    const innerH = HEIGHT - PAD.top - PAD.bottom;
    const sx = (m: number) => PAD.left + (m / xMax) * innerW;
    const sy = (v: number) => PAD.top + innerH - ((v - yMin) / (yMax - yMin)) * innerH;
    let line = "";
    let area = "";
    let runStart: number | null = null;
    let lastX = 0;
    series.x.forEach((m, i) => {
      const v = series.y[i];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        if (runStart !== null) area += `L${lastX.toFixed(1)},${sy(yMin)}L${runStart.toFixed(1)},${sy(yMin)}Z`;
        runStart = null;
        return;
      }
      const px = sx(m);
      const py = sy(v).toFixed(1);
      if (runStart === null) {
        runStart = px;
        line += `M${px.toFixed(1)},${py}`;
        area += `M${px.toFixed(1)},${py}`;
      } else {
        line += `L${px.toFixed(1)},${py}`;
        area += `L${px.toFixed(1)},${py}`;
      }
      lastX = px;
    });
    if (runStart !== null)
      area += `L${lastX.toFixed(1)},${sy(yMin)}L${(runStart as number).toFixed(1)},${sy(yMin)}Z`;
    const yTicks: number[] = [];
    for (let v = yMin; v <= yMax + yStep / 2; v += yStep) yTicks.push(v);
    const xStep = niceStep(xMax, Math.max(3, Math.floor(innerW / 90)));
    const xTicks: number[] = [];
    for (let m = 0; m <= xMax; m += xStep) xTicks.push(m);
    return { line, area, sx, sy, yTicks, xTicks, xMax, innerW };
  }, [series, width, minSpan, floorZero]);

  const count = series.x.length;
  const hovered = index !== null && index < count ? index : null;
  const hoveredY = hovered !== null ? series.y[hovered] : null;
  const hoveredX = hovered !== null ? (series.x[hovered] ?? 0) : null;

  function fromPointer(e: PointerEvent<HTMLDivElement>) {
    if (!geometry) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - rect.left) / rect.width) * width;
    const m = ((px - PAD.left) / geometry.innerW) * geometry.xMax;
    onIndex(nearestIndex(series.x, Math.min(geometry.xMax, Math.max(0, m))));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const step = e.shiftKey ? Math.max(1, Math.round(count / 20)) : Math.max(1, Math.round(count / 200));
    const current = hovered ?? 0;
    const next: Record<string, number | null> = {
      ArrowRight: Math.min(count - 1, current + step),
      ArrowLeft: Math.max(0, current - step),
      Home: 0,
      End: count - 1,
      Escape: null,
    };
    if (e.key in next) {
      e.preventDefault();
      onIndex(next[e.key] ?? null);
    }
  }

  return (
    <div className="chart" ref={box} data-testid={testId}>
      <h3>
        <span>{title}</span>
        <span className="readout" aria-live="polite">
          {hovered !== null && hoveredX !== null
            ? `${formatX(hoveredX)} · ${hoveredY !== null && hoveredY !== undefined ? formatY(hoveredY) : "—"}`
            : ""}
        </span>
      </h3>
      {geometry && (
        <div
          className="chart__surface"
          role="slider"
          tabIndex={0}
          aria-label={title}
          aria-valuemin={0}
          aria-valuemax={Math.max(0, count - 1)}
          aria-valuenow={hovered ?? 0}
          aria-valuetext={
            hovered !== null && hoveredX !== null
              ? `${formatX(hoveredX)}, ${hoveredY !== null && hoveredY !== undefined ? formatY(hoveredY) : "—"}`
              : title
          }
          onPointerMove={fromPointer}
          onPointerDown={fromPointer}
          onPointerLeave={(e) => {
            if (e.pointerType === "mouse") onIndex(null);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => onIndex(null)}
        >
          <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} aria-hidden="true">
            {geometry.yTicks.map((v) => (
              <g key={`y${v}`}>
                <line
                  className="grid-line"
                  x1={PAD.left}
                  x2={width - PAD.right}
                  y1={geometry.sy(v)}
                  y2={geometry.sy(v)}
                />
                <text className="axis" x={PAD.left - 6} y={geometry.sy(v) + 3} textAnchor="end">
                  {formatTick(v)}
                </text>
              </g>
            ))}
            {geometry.xTicks.map((m) => (
              <text key={`x${m}`} className="axis" x={geometry.sx(m)} y={HEIGHT - 6} textAnchor="middle">
                {formatXTick(m)}
              </text>
            ))}
            <path d={geometry.area} fill={color} opacity={0.16} />
            <path d={geometry.line} fill="none" stroke={color} strokeWidth={2} strokeLinejoin="round" />
            {hovered !== null && hoveredX !== null && (
              <g data-testid={testId ? `${testId}-cursor` : undefined}>
                <line
                  x1={geometry.sx(hoveredX)}
                  x2={geometry.sx(hoveredX)}
                  y1={PAD.top}
                  y2={HEIGHT - PAD.bottom}
                  stroke="#111827"
                  strokeWidth={1}
                  strokeDasharray="3 3"
                />
                {hoveredY !== null && hoveredY !== undefined && (
                  <circle
                    cx={geometry.sx(hoveredX)}
                    cy={geometry.sy(hoveredY)}
                    r={4.5}
                    fill={color}
                    stroke="#fff"
                    strokeWidth={2}
                  />
                )}
              </g>
            )}
          </svg>
        </div>
      )}
    </div>
  );
}
