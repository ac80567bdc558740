import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import { config } from "~/server/config";
import type { LiveLogEntry } from "~/server/db/live-log";
import type { Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import type { LeaderboardPatch } from "~/server/live/change";
import { existingSingleton, processSingleton } from "~/server/process-singleton";
import { getRedis } from "~/server/redis";
import { createCoalescer, envelope } from "./coalescer";

/**
 * The instance bus: what the server instances of one deployment tell each other. Redis pub/sub when
 * REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY; nothing for the embedded database (one process by
 * construction). Each message is also delivered to this instance's own subscribers at once.
 */
export type BusMessage =
  /**
   * A committed change of a track (its live log entry): viewers' hubs send it on. Within the instance that
   * made it, it also carries the track and the batch's points.
   */
  | {
      type: "track";
      change: LiveLogEntry & { track?: Track; points?: readonly Point[]; leaderboard?: LeaderboardPatch };
    }
  /** Cached token lookups to drop: revoked tokens, or all of an event's. */
  | { type: "tokens"; tokens: TokenInvalidation }
  /** An organiser's account changed (suspended, promoted, signed out everywhere): drop its cached state. */
  | { type: "account"; userId: string }
  /** Who may watch an event changed (share link revoked, privacy or delay changed): re-check its viewers. */
  | { type: "access"; eventId: string }
  /**
   * An organiser edited a race (services/race-live.ts): drop its runtime and, for entries, the tracks' races.
   * `start` comes before the sender's recompute (wait for it), `done` once its results are in the store.
   */
  | { type: "race"; raceId: string; kind: RaceEditKind; phase: "start" | "done" };

export type RaceEditKind = "course" | "rules" | "entries" | "deleted" | "checkpoints";

/** Tokens by id, all of an event's, or all that an organiser's account answers for (its own and its events'). */
export type TokenInvalidation = { tokenIds: string[] } | { eventId: string } | { ownerId: string };
type Topic = BusMessage["type"];
type MessageOf<T extends Topic> = Extract<BusMessage, { type: T }>;

const CHANNEL = "runify_live";
const RESYNC = "bus:resync";
/** Messages published within this long leave in one NOTIFY / PUBLISH (viewers' frames wait 20 ms anyway). */
const GATHER_MS = 10;
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (default build); keep a margin. */
const MAX_PAYLOAD_BYTES = 7900;

interface Bus {
  emitter: EventEmitter;
  instanceId: string;
  /** Sends to the other instances; null when there are none. */
  send: ((message: BusMessage) => void) | null;
}

function bus(): Bus {
  return processSingleton("bus", () => {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    const b: Bus = { emitter, instanceId: randomUUID(), send: null };
    b.send = startTransport(b);
    return b;
  });
}

function deliver(b: Bus, message: BusMessage) {
  b.emitter.emit(message.type, message);
}

function onRemote(b: Bus, payload: string) {
  try {
    const parsed = JSON.parse(payload) as { origin: string; messages?: BusMessage[] };
    if (parsed.origin === b.instanceId) return;
    for (const message of parsed.messages ?? []) deliver(b, message);
  } catch (error) {
    console.error("[bus] bad message", error);
  }
}

function startTransport(b: Bus): ((message: BusMessage) => void) | null {
  const c = config();
  const redis = c.redisUrl ? getRedis() : null;
  if (redis) {
    const subscriber = redis.duplicate();
    subscriber.subscribe(CHANNEL).catch((error: unknown) => console.error("[bus] redis subscribe", error));
    subscriber.on("message", (_channel: string, message: string) => onRemote(b, message));
    // ioredis subscribes again by itself after a reconnect; what was published meanwhile is read from the log.
    let connected = false;
    subscriber.on("ready", () => {
      if (connected) b.emitter.emit(RESYNC);
      connected = true;
    });
    const out = createCoalescer(
      b.instanceId,
      (payload) => {
        redis
          .publish(CHANNEL, payload)
          .catch((error: unknown) => console.error("[bus] redis publish", error));
      },
      { delayMs: GATHER_MS, maxBytes: MAX_PAYLOAD_BYTES },
    );
    return (message) => out.push(message);
  }
  if (c.db.kind !== "postgres") return null;
  return startPgTransport(b, c.db.url);
}

function startPgTransport(b: Bus, url: string): (message: BusMessage) => void {
  /** A connection that reports its loss once (an error, or the server closing it). */
  const open = async (onLost: () => void) => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error) console.error("[bus] connection lost:", error.message);
      client.end().catch(() => undefined);
      onLost();
    };
    client.on("error", lose);
    client.on("end", () => lose());
    await client.connect().catch((error: Error) => {
      lose(error);
      throw error;
    });
    return client;
  };
  // Listening reconnects by itself; what was announced meanwhile shows up as holes that hubs read from the log.
  let listened = false;
  const listen = (): Promise<void> =>
    open(() => setTimeout(() => void listen(), 1000))
      .then(async (client) => {
        client.on("notification", (msg) => msg.payload && onRemote(b, msg.payload));
        await client.query(`LISTEN ${CHANNEL}`);
        if (listened) b.emitter.emit(RESYNC);
        listened = true;
      })
      .catch(() => undefined);
  const ready = listen();
  // Publishing on its own connection, opened again on the next publish after a loss.
  let publisher: Promise<import("pg").Client> | null = null;
  const publisherClient = () => {
    publisher ??= open(() => {
      publisher = null;
    });
    return publisher;
  };
  // One connection, queries in order: payloads leave in publish order.
  const out = createCoalescer(
    b.instanceId,
    (payload) => {
      void ready
        .then(publisherClient)
        .then((client) => client.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]))
        .catch((error: unknown) => console.error("[bus] NOTIFY failed", error));
    },
    { delayMs: GATHER_MS, maxBytes: MAX_PAYLOAD_BYTES },
  );
  return (message) => out.push(message);
}

/** Starts the transport early (server start), so that nothing published before it is missed. */
export function startBus(): void {
  bus();
}

/**
 * Publishes `message` to this instance's subscribers and `remote` (by default the same) to the other
 * instances: a track change goes out without the track and points that this instance already holds and the
 * others read from the database.
 */
export function publish<T extends Topic>(message: MessageOf<T>, remote: MessageOf<T> = message): void {
  const b = bus();
  deliver(b, message);
  b.send?.(remote);
}

/** Sends to the other instances only: for what this instance has already done itself. */
export function publishToOthers(message: BusMessage): void {
  bus().send?.(message);
}

/** Messages of one topic, from this instance and the others; returns the unsubscribe function. */
export function subscribe<T extends Topic>(topic: T, listener: (message: MessageOf<T>) => void): () => void {
  const b = bus();
  const fn = listener as (message: unknown) => void;
  b.emitter.on(topic, fn);
  return () => b.emitter.off(topic, fn);
}

/** Called when the bus came back after a loss: messages sent meanwhile never arrive (read the log instead). */
export function onResync(listener: () => void): () => void {
  const b = bus();
  b.emitter.on(RESYNC, listener);
  return () => b.emitter.off(RESYNC, listener);
}

/**
 * Sends one message from a process that runs no bus (the token CLI revoking straight on PostgreSQL): on Redis
 * when REDIS_URL is set, else NOTIFY through `notify`. A process with a bus publishes on it. Never throws:
 * the caller's change is committed either way, and the receivers' caches expire by themselves.
 */
export async function publishOnce(
  message: BusMessage,
  notify: (channel: string, payload: string) => Promise<void>,
) {
  if (existingSingleton<Bus>("bus")) {
    publish(message);
    return;
  }
  const payload = envelope(`once:${randomUUID()}`, [JSON.stringify(message)]);
  try {
    const redisUrl = config().redisUrl;
    if (redisUrl) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
      try {
        await redis.publish(CHANNEL, payload);
      } finally {
        redis.disconnect();
      }
    } else await notify(CHANNEL, payload);
  } catch (error) {
    console.error("[bus] message not sent; other instances notice at their caches' expiry", error);
  }
}
