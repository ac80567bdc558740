import type { Database } from "~/server/db";
import { appendLiveLog } from "~/server/db/live-log";
import {
  type ProgressRow,
  type ProgressWrite,
  type StoredPassing,
  selectPassings,
  selectProgress,
  writeProgress,
} from "~/server/db/races";
import {
  advanceProgress,
  cursorOf,
  detectPassings,
  diffBoard,
  type Entrant,
  emptyProgressState,
  type Fix,
  isProgressState,
  type LeaderboardRow,
  leaderboard,
  type Passing,
  type ProgressSample,
  type ProgressState,
  type RaceStatus,
} from "~/server/domain/race";
import { announce } from "~/server/live/change";
import { raceLock } from "./race-lock";
import { loadRaceModel, paramsFor, type RaceModel } from "./race-model";

/** At most one leaderboard message per race this often: 5,000 runners every 5 s is 1,000 rows a second. */
export const PUBLISH_MS = 400;
/** Statuses that change with time alone (DNS at the start's closing, DNF after inactivity) are checked this often. */
const TICK_MS = 15_000;
/**
 * Another instance's states are read again from this long before the newest one already read: two writers'
 * statements take their `now()` before committing, so one may commit a little after a later-stamped one.
 */
const REFRESH_SLACK_MS = 1000;

export interface EntrantInfo {
  id: string;
  bib: string | null;
  name: string | null;
  waveStartMs: number | null;
  override: Entrant["override"];
}

/**
 * One race's live runtime in this instance (docs/race.md, "Integration"): course, matcher states and passings
 * in memory; batches that arrive while a group is being written go together in the next (one statement, as
 * the points writer does); the leaderboard is sent at most every PUBLISH_MS, only the rows that changed, as
 * a `leaderboard` live message with its own seq. Which runtime a race has, and when: race-registry.ts.
 */
export class RaceRuntime {
  readonly states = new Map<string, { participantId: string; state: ProgressState }>();
  readonly passings = new Map<string, Passing[]>();
  private queue: Array<{ trackId: string; participantId: string; fixes: Fix[] }> = [];
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private lastPublish = 0;
  /** The rows as the last message left viewers: what the next one is a patch of. */
  private published = new Map<string, LeaderboardRow>();
  /** The live seq of the last leaderboard message (0: none yet). */
  publishedSeq = 0;
  /** The newest progress write read from the store (its clock), epoch ms: where a refresh starts. */
  private storedUpTo = 0;
  /** Another instance published this race's leaderboard: its batches are in the store, not in memory. */
  private remoteChanges = false;
  private readonly tick: NodeJS.Timeout;
  disposed = false;

  constructor(
    private readonly db: Database,
    readonly model: RaceModel,
    readonly entrants: Map<string, EntrantInfo>,
    /** The race's current runtime (the registry's): where batches go once this one was replaced. */
    private readonly successor: () => Promise<RaceRuntime>,
  ) {
    this.tick = setInterval(() => this.schedulePublish(), TICK_MS);
    this.tick.unref();
  }

  static async load(db: Database, raceId: string, next: () => Promise<RaceRuntime>): Promise<RaceRuntime> {
    const model = await loadRaceModel(db, raceId);
    const entries = await db.prisma.raceParticipant.findMany({
      where: { raceId },
      include: { participant: { select: { name: true, bib: true } } },
    });
    const entrants = new Map<string, EntrantInfo>(
      entries.map((e) => [
        e.participantId,
        {
          id: e.participantId,
          bib: e.participant.bib,
          name: e.participant.name,
          waveStartMs: e.waveStartTs?.getTime() ?? null,
          override: {
            status: (e.statusOverride as RaceStatus | null) ?? null,
            startTs: e.startOverride?.getTime() ?? null,
            finishTs: e.finishOverride?.getTime() ?? null,
          },
        },
      ]),
    );
    const rt = new RaceRuntime(db, model, entrants, next);
    rt.takeStored(await selectProgress(db, raceId), await selectPassings(db, raceId));
    return rt;
  }

  /** Stored states and the passings of their tracks (all of them, or those of the tracks read again). */
  private takeStored(rows: readonly ProgressRow[], passings: readonly StoredPassing[]): void {
    for (const row of rows) {
      this.storedUpTo = Math.max(this.storedUpTo, row.updatedMs);
      if (!this.entrants.has(row.participantId)) continue;
      // A state of an older shape is dropped: the next recompute rebuilds it from the points.
      const state = isProgressState(row.state) ? row.state : emptyProgressState();
      this.states.set(row.trackId, { participantId: row.participantId, state });
      this.passings.delete(row.trackId);
    }
    for (const p of passings) {
      const list = this.passings.get(p.trackId) ?? [];
      const { trackId: _t, ...passing } = p;
      list.push(passing);
      this.passings.set(p.trackId, list);
    }
  }

  /** Another instance's leaderboard message: what its batches decided is read before the next ranking. */
  remoteChanged(): void {
    this.remoteChanges = true;
  }

  /**
   * Brings in what other instances wrote since the last read (their batches never pass through this one's
   * memory); run under the race's lock. The states written since are a few index lookups, not the race.
   */
  private async refresh(): Promise<void> {
    if (!this.remoteChanges || this.disposed) return;
    this.remoteChanges = false;
    const rows = await selectProgress(this.db, this.model.id, this.storedUpTo - REFRESH_SLACK_MS);
    if (rows.length === 0) return;
    const passings = await selectPassings(
      this.db,
      this.model.id,
      rows.map((r) => r.trackId),
    );
    this.takeStored(rows, passings);
  }

  /** This runtime with what other instances decided: what every read of the ranking goes through. */
  async synced(): Promise<this> {
    if (this.remoteChanges) await raceLock(this.model.id, () => this.refresh());
    return this;
  }

  async freshRows(nowMs = Date.now()): Promise<LeaderboardRow[]> {
    return (await this.synced()).rows(nowMs);
  }

  /** The ranking's entrants: each participant with their furthest track. */
  entrantList(): Entrant[] {
    const states = new Map(
      [...this.states].map(([trackId, { participantId, state }]) => [
        trackId,
        { participantId, last: state.last, firstTs: state.firstTs },
      ]),
    );
    return entrantsOf(this.entrants.values(), states, this.passings);
  }

  rows(nowMs = Date.now()): LeaderboardRow[] {
    return this.model.context ? leaderboard(this.model.context, this.entrantList(), nowMs) : [];
  }

  enqueue(trackId: string, participantId: string, fixes: Fix[]): void {
    if (this.disposed) {
      // Replaced meanwhile (an edit reloaded the race): the batch goes to the new runtime.
      void this.successor().then((rt) => rt.enqueue(trackId, participantId, fixes));
      return;
    }
    if (!this.entrants.has(participantId)) return;
    this.queue.push({ trackId, participantId, fixes });
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const group = this.queue;
    this.queue = [];
    try {
      await raceLock(this.model.id, () => this.process(group));
    } catch (error) {
      console.error(`[race] progress of ${this.model.id}`, error);
    } finally {
      this.busy = false;
      void this.pump();
    }
  }

  private async process(group: Array<{ trackId: string; participantId: string; fixes: Fix[] }>) {
    const context = this.model.context;
    if (this.disposed) {
      for (const g of group) this.enqueue(g.trackId, g.participantId, g.fixes);
      return;
    }
    if (!context) return;
    // A phone whose batches alternate between instances: its state must be the last one stored.
    await this.refresh();
    const byTrack = new Map<string, { participantId: string; fixes: Fix[] }>();
    for (const g of group) {
      const entry = byTrack.get(g.trackId);
      if (entry) entry.fixes.push(...g.fixes);
      else byTrack.set(g.trackId, { participantId: g.participantId, fixes: [...g.fixes] });
    }
    const writes: ProgressWrite[] = [];
    for (const [trackId, { participantId, fixes }] of byTrack) {
      const params = paramsFor(this.model, this.entrants.get(participantId)?.waveStartMs ?? null);
      if (!params) continue;
      fixes.sort((a, b) => a.ts - b.ts);
      const before = this.states.get(trackId)?.state ?? emptyProgressState();
      const { state, samples } = advanceProgress(context.course, before, fixes, params);
      const passings = detectPassings(context.checkpoints, cursorOf(before), samples);
      writes.push({ trackId, participantId, state, samples, passings });
    }
    await writeProgress(this.db, this.model.id, writes);
    for (const w of writes) {
      this.states.set(w.trackId, { participantId: w.participantId, state: w.state });
      if (w.passings.length > 0)
        this.passings.set(w.trackId, [...(this.passings.get(w.trackId) ?? []), ...w.passings]);
    }
    this.schedulePublish();
  }

  schedulePublish(): void {
    if (this.timer || this.disposed) return;
    const wait = Math.max(0, this.lastPublish + PUBLISH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.publish().catch((error) => console.error(`[race] leaderboard of ${this.model.id}`, error));
    }, wait);
    this.timer.unref();
  }

  /** Sends what changed since the last message (every row the first time): see diffBoard. */
  async publish(): Promise<void> {
    if (!this.model.context || this.disposed) return;
    this.lastPublish = Date.now();
    const diff = diffBoard(this.published, await this.freshRows(this.lastPublish));
    this.published = diff.published;
    const { rows, patches, removed, leaderM } = diff;
    // A rank changes only with some row's fields (see diffBoard): no patch, no new rank.
    if (rows.length + patches.length + removed.length === 0) return;
    const entry = await appendLiveLog(this.db, {
      eventId: this.model.eventId,
      trackId: this.model.id,
      kind: "leaderboard",
    });
    this.publishedSeq = entry.seq;
    announce({
      ...entry,
      leaderboard: { raceId: this.model.id, rows, patches, leaderM, removed, full: false },
    });
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.tick);
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * Entrants from per-track progress: each participant with their furthest track (a phone restarted mid-race
 * gives two tracks; the one that got further is the race).
 */
export function entrantsOf(
  infos: Iterable<EntrantInfo>,
  tracks: ReadonlyMap<string, { participantId: string; last: ProgressSample | null; firstTs: number | null }>,
  passings: ReadonlyMap<string, readonly Passing[]>,
): Entrant[] {
  const best = new Map<string, { trackId: string; progressM: number }>();
  for (const [trackId, t] of tracks) {
    const p = t.last?.progressM ?? -1;
    const current = best.get(t.participantId);
    if (!current || p > current.progressM) best.set(t.participantId, { trackId, progressM: p });
  }
  return [...infos].map((info) => {
    const trackId = best.get(info.id)?.trackId;
    const t = trackId ? tracks.get(trackId) : undefined;
    return {
      ...info,
      last: t?.last ?? null,
      firstTs: t?.firstTs ?? null,
      passings: (trackId && passings.get(trackId)) || [],
    };
  });
}
