"use client";
import { useId } from "react";
import { dateTimeFormat, formatDuration } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import { REPLAY_SPEEDS, type ReplaySpeed } from "~/lib/live/replay";

/** Play/pause, the time slider and the speed of the replay. */
export function ReplayBar({
  t,
  locale,
  timezone,
  start,
  end,
  time,
  playing,
  speed,
  onSeek,
  onTogglePlay,
  onSpeed,
}: {
  t: Dictionary["live"];
  locale: string;
  timezone: string;
  start: number;
  end: number;
  time: number;
  playing: boolean;
  speed: ReplaySpeed;
  onSeek: (t: number) => void;
  onTogglePlay: () => void;
  onSpeed: (s: ReplaySpeed) => void;
}) {
  const id = useId();
  // Rendered on every replay frame: one formatter per locale and zone, not one per frame.
  const clock = dateTimeFormat(locale, { timeStyle: "medium", timeZone: timezone }).format(time);
  const elapsed = formatDuration((time - start) / 1000);
  return (
    <fieldset className="live-replay" data-testid="replay-bar">
      <legend className="visually-hidden">{t.replayControls}</legend>
      <button
        type="button"
        className="live-replay__play"
        onClick={onTogglePlay}
        aria-label={playing ? t.pause : t.play}
        title={playing ? t.pause : t.play}
      >
        {playing ? (
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path fill="currentColor" d="M6 5h4v14H6zM14 5h4v14h-4z" />
          </svg>
        ) : (
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path fill="currentColor" d="M7 4.5v15l13-7.5z" />
          </svg>
        )}
      </button>
      <div className="live-replay__track">
        <label className="visually-hidden" htmlFor={`${id}-time`}>
          {t.timeline}
        </label>
        <input
          id={`${id}-time`}
          type="range"
          className="live-replay__slider"
          min={start}
          max={end}
          step={1000}
          value={Math.round(time)}
          aria-valuetext={`${clock}, ${fmt(t.elapsed, { time: elapsed })}`}
          onChange={(e) => onSeek(Number(e.target.value))}
          data-testid="replay-slider"
        />
        <div className="live-replay__times" aria-hidden="true">
          <span className="live-replay__clock">{clock}</span>
          <span>{fmt(t.elapsed, { time: elapsed })}</span>
        </div>
      </div>
      <label className="live-replay__speed">
        <span className="visually-hidden">{t.speed}</span>
        <select
          value={speed}
          onChange={(e) => {
            const chosen = REPLAY_SPEEDS.find((s) => s === Number(e.target.value));
            if (chosen) onSpeed(chosen);
          }}
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
