"use client";
import "./live.css";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useReducer, useRef } from "react";
import { SideBoard } from "~/app/_components/race/side-board";
import type { TileConfig } from "~/app/_components/map/types";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { emptyBoard } from "~/lib/live/leaderboard";
import { fromSnapshot, type LiveSnapshot, liveReducer } from "~/lib/live/state";
import type { TLeaderboardResponse, TLiveRace } from "~/server/api/schemas/race";
import { LiveBar } from "./live-bar";
import type { LiveMapProps } from "./live-map";
import { LiveSide } from "./live-side";
import { ReplayBar } from "./replay-bar";
import { useFitNonce, useHeaderOffset, useLiveFrame, useNow, useSelection } from "./use-live-view";
import { useLiveStream } from "./use-live-stream";
import { useReplay } from "./use-replay";

const LiveMap = dynamic<LiveMapProps>(() => import("./live-map"), {
  ssr: false,
  loading: () => <div className="rfy-map live-map rfy-map--loading" aria-busy="true" />,
});

/**
 * The spectators' page: every runner on the map and in the list, updated from the live stream as it
 * happens, and the replay of what has been run so far. Rendered with the snapshot the server read; the
 * stream then sends only what changed since. What is shown is computed in frames.ts (pure) through
 * use-live-view.ts (memoised); the title bar is live-bar.tsx, the list live-side.tsx.
 */
export function LiveView({
  initial,
  races = [],
  tiles,
  share,
}: {
  initial: LiveSnapshot;
  /** The event's races with a course: drawn on the map, their leaderboards in the side panel. */
  races?: TLiveRace[];
  tiles: TileConfig | null;
  share: string | null;
}) {
  const { t: all } = useI18n();
  const t = all.live;
  const [state, dispatch] = useReducer(liveReducer, initial, (s) => ({
    ...fromSnapshot(s, Date.now()),
    races: Object.fromEntries(races.map((r) => [r.id, emptyBoard(r.id, r.board.seq, r.board.rows)])),
  }));
  const raceIds = races.map((r) => r.id).join(",");
  // The races by id: a server render (language switch) brings them again as new objects.
  const rereadBoards = useCallback(() => {
    const query = share ? `?share=${encodeURIComponent(share)}` : "";
    for (const id of raceIds.split(",").filter(Boolean)) {
      void fetch(
        `/api/live/${encodeURIComponent(initial.event.id)}/races/${encodeURIComponent(id)}/leaderboard${query}`,
      )
        .then((res) => (res.ok ? (res.json() as Promise<TLeaderboardResponse>) : null))
        .then((b) => b && dispatch({ type: "board", board: emptyBoard(id, b.seq, b.rows) }))
        .catch(() => undefined);
    }
  }, [raceIds, share, initial.event.id]);
  const status = useLiveStream(initial.event.id, share, initial.seq, dispatch, rereadBoards);
  // A server render (language switch) brings equal courses as new objects: the map redraws only on a change.
  const courseKey = races
    .map((r) => `${r.id}:${r.course.line.length}:${r.course.checkpoints.map((c) => c.distance_m).join("/")}`)
    .join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: courseKey stands for the courses
  const courses = useMemo(() => races.map((r) => r.course), [courseKey]);
  const replay = useReplay(initial.event.id, share);
  const replaying = replay.load.status !== "idle";
  const now = useNow(1000);
  const mapArea = useRef<HTMLDivElement>(null);
  const page = useRef<HTMLElement>(null);
  useHeaderOffset(page);
  const { list, markers, rows, replayReady } = useLiveFrame(
    state,
    replay.load,
    replay.t,
    replay.speed,
    now,
    all,
  );
  const [fitNonce, refit] = useFitNonce(markers, replayReady);
  const { selectedKey, focusNonce, select, clear } = useSelection(mapArea);

  const canReplay = list.some((r) => r.tracks.some((v) => v.trail.length > 1));
  const { event } = state;

  return (
    <main className="live-page" ref={page} data-mode={replaying ? "replay" : "live"}>
      <LiveBar
        event={event}
        status={status}
        replaying={replaying}
        canReplay={canReplay}
        onReplay={() => void replay.open()}
        onBackToLive={replay.close}
        t={all}
      />

      <div className="live-body">
        <div className="live-map-area" ref={mapArea}>
          <div className="live-map-wrap">
            <LiveMap
              tiles={tiles}
              runners={markers}
              selectedKey={selectedKey}
              focusNonce={focusNonce}
              fitNonce={fitNonce}
              onSelect={select}
              ariaLabel={fmt(t.mapLabel, { name: event.name })}
              course={[event.start, event.destination].filter((p): p is [number, number] => p !== null)}
              courses={courses}
            />
            <div className="live-map-tools">
              <button type="button" className="live-fab" onClick={refit}>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                  <path
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2"
                    strokeLinecap="round"
                    d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"
                  />
                </svg>
                <span>{t.fitAll}</span>
              </button>
            </div>
            {replay.load.status === "loading" && <p className="live-map-note">{t.replayLoading}</p>}
            {replay.load.status === "error" && (
              <p className="live-map-note live-map-note--error" role="alert">
                {t.replayError}
              </p>
            )}
            {replay.load.status === "empty" && <p className="live-map-note">{t.replayNothing}</p>}
          </div>
          {replay.load.status === "ready" && (
            <ReplayBar
              t={t}
              locale={all.locale}
              timezone={event.timezone}
              start={replay.load.data.start}
              end={replay.load.data.end}
              time={replay.t}
              playing={replay.playing}
              speed={replay.speed}
              onSeek={replay.seek}
              onTogglePlay={replay.togglePlay}
              onSpeed={replay.setSpeed}
            />
          )}
        </div>

        <LiveSide
          rows={rows}
          selectedKey={selectedKey}
          onSelect={select}
          onClearFocus={clear}
          t={t}
          boardLabel={all.race.boardTab}
          board={
            races.length > 0 ? (
              <SideBoard
                eventId={event.id}
                share={share}
                timezone={event.timezone}
                replayAt={replay.load.status === "ready" ? replay.t : null}
                races={races.map((r) => ({ id: r.id, name: r.name, board: state.races?.[r.id] }))}
              />
            ) : undefined
          }
        />
      </div>
    </main>
  );
}
