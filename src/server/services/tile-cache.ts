import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { config } from "~/server/config";
import { tileUrl, type TileCoord } from "~/server/domain/map/tiles";
import { AppError } from "~/server/errors";
import { processSingleton } from "~/server/process-singleton";

/**
 * The tile proxy's disk cache (FitTrackee's map_tile): spectators' browsers ask us, we ask the tile server
 * once per tile, so a race day's thousands of viewers cost the upstream a few hundred requests and it never
 * sees their addresses. Tiles live as files `<dir>/<z>/<x>/<y>.png`; the cache is bounded by size, the least
 * recently served tiles going first. Upstream errors are answered 502 and not kept (the next view retries).
 */

const UPSTREAM_TIMEOUT_MS = 10_000;
/** A tile larger than this is not a map tile (some error page): refused rather than cached. */
const MAX_TILE_BYTES = 2 * 1024 * 1024;

interface CacheState {
  /** Tile key → its size, in order of last use (oldest first): the eviction order. */
  entries: Map<string, number>;
  bytes: number;
  /** Read from disk once, on first use (tiles cached by an earlier run count). */
  loaded: Promise<void> | null;
  /** One upstream fetch per tile at a time: requests for a tile being fetched wait for that fetch. */
  inFlight: Map<string, Promise<Buffer>>;
}

function state(): CacheState {
  return processSingleton("tile-cache", () => ({
    entries: new Map(),
    bytes: 0,
    loaded: null,
    inFlight: new Map(),
  }));
}

const keyOf = (t: TileCoord) => `${t.z}/${t.x}/${t.y}`;

function settings() {
  const tiles = config().tiles;
  if (!tiles) throw new AppError("NOT_FOUND", "No tile server is configured (MAP_TILE_URL)");
  return tiles;
}

async function loadIndex(s: CacheState, dir: string): Promise<void> {
  const found: Array<{ key: string; size: number; used: number }> = [];
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(".png")) continue;
    const file = path.join(e.parentPath, e.name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat) found.push({ key: path.relative(dir, file).slice(0, -4), size: stat.size, used: stat.mtimeMs });
  }
  found.sort((a, b) => a.used - b.used);
  for (const f of found) remember(s, f.key, f.size);
}

function remember(s: CacheState, key: string, size: number): void {
  const before = s.entries.get(key);
  if (before !== undefined) {
    s.bytes -= before;
    s.entries.delete(key);
  }
  s.entries.set(key, size);
  s.bytes += size;
}

/** Oldest tiles out until the cache is under its bound again (to 90 %, so one new tile does not evict each time). */
async function evict(s: CacheState, dir: string, maxBytes: number): Promise<void> {
  if (s.bytes <= maxBytes) return;
  for (const [key, size] of s.entries) {
    if (s.bytes <= maxBytes * 0.9) break;
    s.entries.delete(key);
    s.bytes -= size;
    await fs.rm(path.join(dir, `${key}.png`), { force: true });
  }
}

async function fetchUpstream(template: string, t: TileCoord): Promise<Buffer> {
  const url = tileUrl(template, t);
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      headers: { "User-Agent": "Runify tile proxy" },
    });
  } catch {
    throw new AppError("BAD_GATEWAY", "The tile server did not answer");
  }
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok) throw new AppError("BAD_GATEWAY", `The tile server answered ${res.status}`);
  if (!type.startsWith("image/")) throw new AppError("BAD_GATEWAY", "The tile server did not send an image");
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length === 0 || body.length > MAX_TILE_BYTES)
    throw new AppError("BAD_GATEWAY", "The tile server sent an empty or oversized tile");
  return body;
}

/** Written under a temporary name then renamed: a reader never sees half a tile, even from another instance. */
async function store(dir: string, key: string, body: Buffer): Promise<void> {
  const file = path.join(dir, `${key}.png`);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, body, { mode: 0o600 });
  await fs.rename(tmp, file);
}

/** A tile's bytes: from the disk cache, else fetched from upstream once and kept. */
export async function cachedTile(
  t: TileCoord,
  beforeFetch: () => Promise<void> = async () => {},
): Promise<{ body: Buffer; hit: boolean }> {
  const tiles = settings();
  const s = state();
  const dir = tiles.cacheDir;
  s.loaded ??= loadIndex(s, dir);
  await s.loaded;
  const key = keyOf(t);
  if (s.entries.has(key)) {
    const body = await fs.readFile(path.join(dir, `${key}.png`)).catch(() => null);
    if (body) {
      remember(s, key, body.length);
      return { body, hit: true };
    }
    // Removed behind our back (another instance evicted it, an operator cleared the folder): fetch it again.
    const size = s.entries.get(key) ?? 0;
    s.entries.delete(key);
    s.bytes -= size;
  }
  let pending = s.inFlight.get(key);
  if (!pending) {
    // Only a fetch of our own is charged (a tile already on its way is shared for free); it may refuse.
    await beforeFetch();
    pending = s.inFlight.get(key);
  }
  if (!pending) {
    pending = fetchUpstream(tiles.url, t).then(async (body) => {
      await store(dir, key, body);
      remember(s, key, body.length);
      await evict(s, dir, tiles.cacheMaxBytes);
      return body;
    });
    s.inFlight.set(key, pending);
    pending.then(
      () => s.inFlight.delete(key),
      () => s.inFlight.delete(key),
    );
  }
  return { body: await pending, hit: false };
}
