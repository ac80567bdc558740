import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";
import type { TTrackResponse } from "~/server/api/schemas/track";
import { serverConfig } from "~/server/config";
import type { Database } from "~/server/db";
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

/** Tokens whose cached lookups every instance must drop: revoked ones, or all of an event's. */
export type TokenInvalidation = { tokenIds: string[] } | { eventId: string };

/** What instances tell each other. */
export type BusMessage =
  | { type: "track"; change: LoggedChange }
  | { type: "tokens"; tokens: TokenInvalidation };

interface Bus {
  emitter: EventEmitter;
  instanceId: string;
  transport: Transport | null;
}

interface Transport {
  publish(message: BusMessage): void;
}

const RESYNC = "bus:resync";
const CHANNEL = "runify_live";
const TOKENS = "tokens";
/**
 * How long messages are gathered into one NOTIFY / PUBLISH (each costs this process a round trip). At 200
 * batches a second, 5 ms left 0.35 to 0.45 NOTIFY per batch, 10 ms 0.23, 20 ms 0.16 (viewers' frames wait
 * 20 ms anyway, LIVE_FLUSH_MS).
 */
const FLUSH_MS = 10;
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (default build); keep a margin. */
const MAX_PAYLOAD_BYTES = 7900;
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

function deliver(b: Bus, message: BusMessage) {
  if (message.type === "track") b.emitter.emit(`event:${message.change.eventId}`, message.change);
  else b.emitter.emit(TOKENS, message.tokens);
}

/** One payload: `{origin, messages: [...]}`, oldest message first. */
function envelope(origin: string, encodedMessages: readonly string[]): string {
  return `{"origin":${JSON.stringify(origin)},"messages":[${encodedMessages.join(",")}]}`;
}

function onRemote(b: Bus, payload: string) {
  try {
    const parsed = JSON.parse(payload) as
      | { origin: string; messages: BusMessage[] }
      | { origin: string; change: LoggedChange };
    if (parsed.origin === b.instanceId) return;
    // `{origin, change}`: one change from an instance of the previous release, during a rolling deploy.
    const messages =
      "messages" in parsed ? parsed.messages : [{ type: "track" as const, change: parsed.change }];
    for (const message of messages) deliver(b, message);
  } catch (error) {
    console.error("[live] bad bus message", error);
  }
}

/**
 * Gathers the messages published within `delayMs` into one payload (sooner when the next one would take it
 * past `maxBytes`), and hands the payloads to `send` in publish order.
 */
export function createCoalescer(
  origin: string,
  send: (payload: string) => void,
  opts: { delayMs: number; maxBytes: number } = { delayMs: FLUSH_MS, maxBytes: MAX_PAYLOAD_BYTES },
): { push(message: BusMessage): void; flush(): void } {
  const overhead = Buffer.byteLength(envelope(origin, []));
  let pending: string[] = [];
  let bytes = overhead;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const payload = envelope(origin, pending);
    pending = [];
    bytes = overhead;
    send(payload);
  };
  return {
    push(message) {
      const encoded = JSON.stringify(message);
      const size = Buffer.byteLength(encoded) + 1; // and its comma
      if (pending.length > 0 && bytes + size > opts.maxBytes) flush();
      pending.push(encoded);
      bytes += size;
      timer ??= setTimeout(flush, opts.delayMs);
    },
    flush,
  };
}

/**
 * Between instances: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY; none for the
 * embedded database (one process by construction). Either way one PUBLISH / NOTIFY carries every message
 * published within FLUSH_MS.
 */
function startTransport(b: Bus): Transport | null {
  const redis = serverConfig().redisUrl ? getRedis() : null;
  if (redis) {
    const subscriber = redis.duplicate();
    subscriber.subscribe(CHANNEL).catch((error: unknown) => console.error("[live] redis subscribe", error));
    subscriber.on("message", (_channel: string, message: string) => onRemote(b, message));
    // ioredis subscribes again by itself after a reconnect; what was published meanwhile is read from the log.
    let connected = false;
    subscriber.on("ready", () => {
      if (connected) b.emitter.emit(RESYNC);
      connected = true;
    });
    const out = createCoalescer(b.instanceId, (payload) => {
      redis.publish(CHANNEL, payload).catch((error: unknown) => console.error("[live] redis publish", error));
    });
    return { publish: (message) => out.push(message) };
  }
  const config = dbConfigFromEnv();
  if (config.kind !== "postgres") return null;
  return startPgTransport(b, config.url);
}

function startPgTransport(b: Bus, url: string): Transport {
  /** A connection that reports its loss once (an error, or the server closing it). */
  const open = async (onLost: () => void) => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url });
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error) console.error("[live] bus connection lost:", error.message);
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
  // Listening reconnects by itself; what was announced meanwhile shows up as holes that viewers' hubs read
  // from the live log.
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
  const out = createCoalescer(b.instanceId, (payload) => {
    void ready
      .then(publisherClient)
      .then((client) => client.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]))
      .catch((error: unknown) => console.error("[live] NOTIFY failed", error));
  });
  return { publish: (message) => out.push(message) };
}

/** Starts the cross-instance transport early (server start), so no change published before it is missed. */
export function startLiveBus(): void {
  bus();
}

/** Announces a committed change to this instance's viewers and to the other instances. */
export function publishTrackChange(change: TrackChange): void {
  const b = bus();
  deliver(b, { type: "track", change });
  const { track: _track, points: _points, ...logged } = change;
  b.transport?.publish({ type: "track", change: logged });
}

export function subscribeEvent(eventId: string, listener: (change: TrackChange) => void): () => void {
  const name = `event:${eventId}`;
  const b = bus();
  b.emitter.on(name, listener);
  return () => b.emitter.off(name, listener);
}

/**
 * Called when the bus has come back after a loss: changes announced meanwhile never arrive, so live viewers
 * read them from the log.
 */
export function onBusResync(listener: () => void): () => void {
  const b = bus();
  b.emitter.on(RESYNC, listener);
  return () => b.emitter.off(RESYNC, listener);
}

/** Token invalidations from other instances (this instance's own are handled where they happen). */
export function subscribeTokenInvalidations(listener: (tokens: TokenInvalidation) => void): () => void {
  const b = bus();
  b.emitter.on(TOKENS, listener);
  return () => b.emitter.off(TOKENS, listener);
}

/**
 * Tells the other instances to drop cached lookups of these tokens. A server publishes on its bus. A process
 * that runs none (the token CLI revoking straight on PostgreSQL) sends the one message itself: on Redis when
 * REDIS_URL is set, else NOTIFY on `db`; it must share the servers' REDIS_URL setting, or they notice at the
 * cache's expiry (tokens.ts). Never throws: the revocation is committed either way.
 */
export async function publishTokenInvalidation(db: Database, tokens: TokenInvalidation): Promise<void> {
  const message: BusMessage = { type: "tokens", tokens };
  const running = globalForBus.runifyBus;
  if (running) {
    running.transport?.publish(message);
    return;
  }
  const payload = envelope(`once:${randomUUID()}`, [JSON.stringify(message)]);
  try {
    const redisUrl = serverConfig().redisUrl;
    if (redisUrl) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
      try {
        await redis.publish(CHANNEL, payload);
      } finally {
        redis.disconnect();
      }
    } else if (db.kind === "postgres") {
      await db.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]);
    }
  } catch (error) {
    console.error("[live] token invalidation not sent; other instances notice at the cache's expiry", error);
  }
}
