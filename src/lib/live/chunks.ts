/**
 * How many of the waiting live messages the page applies in one go. A spectator's frames come gathered
 * (500 ms: ≈ 100 messages at 1,000 runners), and applying them in one pass was a 350 ms task on a phone —
 * no tap answered meanwhile. Applied in chunks instead, one per animation frame, each sized so that applying
 * it (the render, the map's update) takes about `budgetMs`, from what the last chunks cost; never so small that
 * a burst takes more than `maxChunks` frames to drain (the marker would lag the next burst), nor below
 * `minCount`. A catch-up (more than `wholeAbove` waiting: a reconnection, a phone that hydrated late) is applied
 * whole: there the newest positions matter more than one long task, and in chunks its last one came later
 * (e2e/live-phone.spec.ts: 3.4 s instead of 1.9). The messages stay in order and chunks only split the reducer's fold, so the state reached is the
 * same (state.ts: a later message for a runner still wins).
 */
export interface ChunkPlanner {
  /**
   * How many of `pending` waiting messages to apply now (all of them, or at least one), `applied` chunks of
   * this burst (since the queue was last empty) being in already.
   */
  size(pending: number, applied: number): number;
  /** Applying `count` messages took `ms` of the page's time: the next chunks are sized from it. */
  record(count: number, ms: number): void;
  /** The current estimate, ms per message. */
  readonly msPerMessage: number;
}

export interface ChunkOptions {
  budgetMs: number;
  /** A burst is applied in this many chunks at most, whatever they cost. */
  maxChunks: number;
  minCount: number;
  wholeAbove: number;
  /** The estimate before anything was measured. */
  initialMsPerMessage: number;
}

/** Weight of the newest measurement: a few chunks follow a change (a slower phone, a bigger race). */
const NEW_WEIGHT = 0.3;

export function chunkPlanner(options: ChunkOptions): ChunkPlanner {
  let msPerMessage = options.initialMsPerMessage;
  return {
    size(pending, applied) {
      if (pending <= 0) return 0;
      if (pending > options.wholeAbove) return pending;
      const byBudget = Math.floor(options.budgetMs / msPerMessage);
      const byDrain = Math.ceil(pending / Math.max(1, options.maxChunks - applied));
      return Math.min(pending, Math.max(1, options.minCount, byDrain, byBudget));
    },
    record(count, ms) {
      if (count <= 0 || !Number.isFinite(ms) || ms < 0) return;
      msPerMessage = (1 - NEW_WEIGHT) * msPerMessage + NEW_WEIGHT * Math.max(ms / count, 0.001);
    },
    get msPerMessage() {
      return msPerMessage;
    },
  };
}
