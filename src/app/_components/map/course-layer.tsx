"use client";
import "./course.css";
import L from "leaflet";
import { Marker, Pane, Polyline, Tooltip } from "react-leaflet";
import type { TCourseResponse } from "~/server/api/schemas/race";

/**
 * A race's course under everything else on a map (live map, track page): a dashed slate line in a white
 * casing — no runner's trail looks like it (they are solid, in the runners' colours) — its distance
 * markers and its checkpoints. Drawn from data alone, so it shows the same with no tiles.
 */

const COURSE_COLOR = "#334155";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const icons = new Map<string, L.DivIcon>();
function icon(className: string, html: string, size: [number, number]): L.DivIcon {
  const key = `${className}|${html}`;
  let found = icons.get(key);
  if (!found) {
    found = L.divIcon({
      className: `rfy-marker ${className}`,
      html,
      iconSize: size,
      iconAnchor: [size[0] / 2, size[1] / 2],
      tooltipAnchor: [0, -size[1] / 2],
    });
    icons.set(key, found);
  }
  return found;
}

const GLYPH: Record<string, string> = { start: "▶", finish: "■", point: "◆" };

/** One marker per place: a checkpoint repeated on every lap stands at one place, a lap end at the start. */
function placedCheckpoints(course: TCourseResponse) {
  const seen = new Set<string>();
  return course.checkpoints.filter((c) => {
    if (c.kind === "split" || c.kind === "lap") return false;
    const key = c.source_id ?? c.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The line goes under the runners' trails (overlay pane: 400), its labels above them but under the runners'
 * markers (marker pane: 600).
 */
export function CourseLayer({ course, label }: { course: TCourseResponse; label?: string }) {
  if (course.line.length < 2) return null;
  return (
    <>
      <Pane name={`course-${course.race_id}`} className="rfy-course" style={{ zIndex: 390 }}>
        <Polyline
          positions={course.line}
          interactive={false}
          pathOptions={{ color: "#fff", weight: 9, opacity: 0.85, lineJoin: "round", lineCap: "round" }}
        />
        <Polyline
          positions={course.line}
          pathOptions={{ color: COURSE_COLOR, weight: 4, opacity: 0.9, dashArray: "10 7", lineJoin: "round" }}
        >
          {label && <Tooltip sticky>{label}</Tooltip>}
        </Polyline>
      </Pane>
      <Pane name={`course-marks-${course.race_id}`} style={{ zIndex: 590 }}>
        {course.markers.map((m) => (
          <Marker
            key={`km-${m.distance_m}`}
            position={[m.lat, m.lon]}
            icon={icon("rfy-km", `<span>${escapeHtml(m.label)}</span>`, [44, 18])}
            title={m.label}
            keyboard={false}
          />
        ))}
        {placedCheckpoints(course).map((c) => (
          <Marker
            key={`cp-${c.id}`}
            position={[c.lat, c.lon]}
            icon={icon(
              `rfy-checkpoint rfy-checkpoint--${c.kind}`,
              `<span data-checkpoint="${escapeHtml(c.kind)}">${GLYPH[c.kind] ?? "◆"}</span>`,
              [22, 22],
            )}
            title={c.name}
            alt={c.name}
            zIndexOffset={100}
          >
            <Tooltip>{c.name}</Tooltip>
          </Marker>
        ))}
      </Pane>
    </>
  );
}
