import { EventEmitter } from "node:events";

/** A change of a track that live viewers care about. */
export interface TrackChange {
  eventId: string;
  trackId: string;
  kind: "created" | "updated" | "points" | "finished" | "deleted";
}

const globalForBus = globalThis as unknown as { runifyBus?: EventEmitter };

function bus(): EventEmitter {
  if (!globalForBus.runifyBus) {
    globalForBus.runifyBus = new EventEmitter();
    globalForBus.runifyBus.setMaxListeners(0);
  }
  return globalForBus.runifyBus;
}

/** Announces a committed change (in-process; see the live issue for the cross-instance transport). */
export function publishTrackChange(change: TrackChange): void {
  bus().emit(`event:${change.eventId}`, change);
}

export function subscribeEvent(eventId: string, listener: (change: TrackChange) => void): () => void {
  const name = `event:${eventId}`;
  bus().on(name, listener);
  return () => bus().off(name, listener);
}
