import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { TTrackResponse } from "~/server/api/schemas/track";
import { serverConfig } from "~/server/config";
import { dbConfigFromEnv } from "~/server/db/config";
import { getRedis } from "~/server/redis";
import type { LoggedChange } from "./live-log";
import type { StoredPoint } from "./points";

/**
 * A committed change of a track, announced to live viewers. Inside this process it carries the track and the
 * new points; other instances get the small LoggedChange and read the rest from the database.
 */
export interface TrackChange extends LoggedChange {
  track?: TTrackResponse;
  points?: StoredPoint[];
}

interface Bus {
  emitter: EventEmitter;
  instanceId: string;
  transport: Transport | null;
}

interface Transport {
  publish(change: LoggedChange): void;
}

const CHANNEL = "runify_live";
const globalForBus = globalThis as unknown as { runifyBus?: Bus };

function bus(): Bus {
  if (!globalForBus.runifyBus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    const instanceId = randomUUID();
    globalForBus.runifyBus = { emitter, instanceId, transport: null };
    globalForBus.runifyBus.transport = startTransport(globalForBus.runifyBus);
  }
  return globalForBus.runifyBus;
}

function deliver(b: Bus, change: TrackChange) {
  b.emitter.emit(`event:${change.eventId}`, change);
}

function onRemote(b: Bus, message: string) {
  try {
    const { origin, change } = JSON.parse(message) as { origin: string; change: LoggedChange };
    if (origin !== b.instanceId) deliver(b, change);
  } catch (error) {
    console.error("[live] bad bus message", error);
  }
}

/**
 * Between instances: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY; none for the
 * embedded database (one process by construction).
 */
function startTransport(b: Bus): Transport | null {
  const redis = serverConfig().redisUrl ? getRedis() : null;
  if (redis) {
    const subscriber = redis.duplicate();
    subscriber.subscribe(CHANNEL).catch((error: unknown) => console.error("[live] redis subscribe", error));
    subscriber.on("message", (_channel: string, message: string) => onRemote(b, message));
    return {
      publish: (change) => void redis.publish(CHANNEL, JSON.stringify({ origin: b.instanceId, change })),
    };
  }
  const config = dbConfigFromEnv();
  if (config.kind !== "postgres") return null;
  return startPgTransport(b, config.url);
}

function startPgTransport(b: Bus, url: string): Transport {
  let publisher: import("pg").Client | null = null;
  const connect = async () => {
    const pg = (await import("pg")).default;
    const listener = new pg.Client({ connectionString: url });
    listener.on("notification", (msg) => msg.payload && onRemote(b, msg.payload));
    listener.on("error", (error) => {
      console.error("[live] LISTEN connection lost, reconnecting", error.message);
      setTimeout(() => void connect().catch(() => undefined), 1000);
    });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    const pub = new pg.Client({ connectionString: url });
    pub.on("error", () => {
      publisher = null;
    });
    await pub.connect();
    publisher = pub;
  };
  const ready = connect().catch((error: unknown) => console.error("[live] LISTEN failed", error));
  return {
    publish: (change) => {
      const payload = JSON.stringify({ origin: b.instanceId, change });
      void ready.then(() => publisher?.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]));
    },
  };
}

/** Starts the cross-instance transport early (server start), so no change published before it is missed. */
export function startLiveBus(): void {
  bus();
}

/** Announces a committed change to this instance's viewers and to the other instances. */
export function publishTrackChange(change: TrackChange): void {
  const b = bus();
  deliver(b, change);
  const { track: _track, points: _points, ...logged } = change;
  b.transport?.publish(logged);
}

export function subscribeEvent(eventId: string, listener: (change: TrackChange) => void): () => void {
  const name = `event:${eventId}`;
  const b = bus();
  b.emitter.on(name, listener);
  return () => b.emitter.off(name, listener);
}
