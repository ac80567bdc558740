/**
 * Decompression bombs built in memory in milliseconds, for the tests and scripts/bench-bombs.ts. Each one is
 * valid (a real gunzip or unzip produces every byte it claims), not a truncated imitation.
 */
import zlib from "node:zlib";

export const MB = 1024 * 1024;

/** The start of a GPX file, for bombs that must get past the sniffing of their first bytes. */
export const GPX_HEAD = new TextEncoder().encode(
  '<?xml version="1.0"?><gpx version="1.1" creator="bomb"><trk><trkseg>',
);

export interface Bomb {
  /** Raw DEFLATE. */
  deflated: Uint8Array;
  crc: number;
  size: number;
}

/**
 * A raw DEFLATE stream of `prefix` then `megabytes` MB of `fill` bytes (zeros, or spaces after a GPX head),
 * about 1 KB a MB. Once the window holds only fill bytes, the block that encodes one more MB of them only
 * points back into it: it is compressed once and repeated.
 */
export async function fillBomb(megabytes: number, fill = 0, prefix = new Uint8Array(0)): Promise<Bomb> {
  const block = Buffer.alloc(MB, fill);
  const stream = zlib.createDeflateRaw({ level: 9, memLevel: 9 });
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const flushed = async () => {
    await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    return Buffer.concat(chunks.splice(0));
  };
  stream.write(prefix);
  stream.write(block);
  const first = await flushed();
  stream.write(block);
  const next = await flushed();
  stream.destroy();
  const end = Uint8Array.of(0x03, 0x00); // an empty final block (fixed codes)
  let crc = zlib.crc32(prefix);
  for (let i = 0; i < megabytes; i++) crc = zlib.crc32(block, crc);
  return {
    deflated: concat([first, ...Array.from({ length: megabytes - 1 }, () => next), end]),
    crc,
    size: prefix.length + megabytes * MB,
  };
}

/** A gzip member around a raw DEFLATE stream. */
export function gzipMember(deflated: Uint8Array, crc: number, size: number): Uint8Array {
  const header = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3);
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, size >>> 0, true); // ISIZE is the size modulo 2^32
  return concat([header, deflated, trailer]);
}

/** `megabytes` MB of zeros, gzipped (1 GB ≈ 1 MB). */
export async function zerosGzip(megabytes: number): Promise<Uint8Array> {
  const bomb = await fillBomb(megabytes);
  return gzipMember(bomb.deflated, bomb.crc, bomb.size);
}

/** A GPX head and `megabytes` MB of spaces, gzipped: it passes for a GPX file until it is read whole. */
export async function gpxGzipBomb(megabytes: number): Promise<Uint8Array> {
  const bomb = await fillBomb(megabytes, 0x20, GPX_HEAD);
  return gzipMember(bomb.deflated, bomb.crc, bomb.size);
}

/** The same, gzipped again: 1 GB of zeros in a few KB. */
export async function nestedZerosGzip(megabytes: number): Promise<Uint8Array> {
  return new Uint8Array(zlib.gzipSync(await zerosGzip(megabytes), { level: 9 }));
}

export interface ZipEntrySpec {
  name: string;
  /** The entry's bytes as stored in the archive (already deflated when method is 8). */
  data: Uint8Array;
  /** 0 stored, 8 DEFLATE; anything else is written as is, for tests of unsupported methods. */
  method: number;
  crc: number;
  /** The uncompressed size the headers claim; a bomb can lie here. */
  size: number;
}

/**
 * A zip archive of the entries. With `repeat`, the central directory lists the first entry that many times,
 * every record pointing at the same local data (the "overlapping entries" bomb). With `zip64`, sizes and
 * offsets are in zip64 records, as some tools write them even for small archives.
 */
export function zipArchive(
  entries: ReadonlyArray<ZipEntrySpec>,
  opts: { repeat?: number; zip64?: boolean } = {},
): Uint8Array {
  const { repeat = 1, zip64 = false } = opts;
  const parts: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const v = new DataView(local.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true);
    v.setUint16(8, entry.method, true);
    v.setUint32(14, entry.crc >>> 0, true);
    v.setUint32(18, entry.data.length, true);
    v.setUint32(22, entry.size >>> 0, true);
    v.setUint16(26, name.length, true);
    local.set(name, 30);
    offsets.push(offset);
    parts.push(local, entry.data);
    offset += local.length + entry.data.length;
  }
  const directoryOffset = offset;
  const records = repeat > 1 ? Array.from({ length: repeat }, () => 0) : entries.map((_, i) => i);
  for (const [n, i] of records.entries()) {
    const entry = entries[i];
    if (!entry) continue;
    const name = new TextEncoder().encode(repeat > 1 ? `${n}-${entry.name}` : entry.name);
    const extra = zip64 ? 4 + 24 : 0;
    const record = new Uint8Array(46 + name.length + extra);
    const v = new DataView(record.buffer);
    const big = (value: number) => (zip64 ? 0xffffffff : value);
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, 45, true);
    v.setUint16(6, 45, true);
    v.setUint16(10, entry.method, true);
    v.setUint32(16, entry.crc >>> 0, true);
    v.setUint32(20, big(entry.data.length), true);
    v.setUint32(24, big(entry.size >>> 0), true);
    v.setUint16(28, name.length, true);
    v.setUint16(30, extra, true);
    v.setUint32(42, big(offsets[i] ?? 0), true);
    record.set(name, 46);
    if (zip64) {
      const at = 46 + name.length;
      v.setUint16(at, 1, true);
      v.setUint16(at + 2, 24, true);
      v.setBigUint64(at + 4, BigInt(entry.size), true);
      v.setBigUint64(at + 12, BigInt(entry.data.length), true);
      v.setBigUint64(at + 20, BigInt(offsets[i] ?? 0), true);
    }
    parts.push(record);
    offset += record.length;
  }
  const directorySize = offset - directoryOffset;
  if (zip64) {
    const record = new Uint8Array(56 + 20);
    const v = new DataView(record.buffer);
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, 45, true);
    v.setUint16(14, 45, true);
    v.setBigUint64(24, BigInt(records.length), true);
    v.setBigUint64(32, BigInt(records.length), true);
    v.setBigUint64(40, BigInt(directorySize), true);
    v.setBigUint64(48, BigInt(directoryOffset), true);
    v.setUint32(56, 0x07064b50, true); // the locator
    v.setBigUint64(56 + 8, BigInt(offset), true);
    v.setUint32(56 + 16, 1, true);
    parts.push(record);
  }
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, zip64 ? 0xffff : records.length, true);
  v.setUint16(10, zip64 ? 0xffff : records.length, true);
  v.setUint32(12, zip64 ? 0xffffffff : directorySize, true);
  v.setUint32(16, zip64 ? 0xffffffff : directoryOffset, true);
  parts.push(end);
  return concat(parts);
}

/**
 * A deflated zip entry of `megabytes` MB of zeros (or, with `gpx`, a GPX head and spaces) whose headers
 * claim `claimedSize` bytes.
 */
export async function bombZipEntry(
  name: string,
  megabytes: number,
  opts: { claimedSize?: number; gpx?: boolean } = {},
): Promise<ZipEntrySpec> {
  const bomb = opts.gpx ? await fillBomb(megabytes, 0x20, GPX_HEAD) : await fillBomb(megabytes);
  return { name, data: bomb.deflated, method: 8, crc: bomb.crc, size: opts.claimedSize ?? bomb.size };
}

/** A stored or deflated zip entry of real bytes, with honest headers. */
export function zipEntry(name: string, bytes: Uint8Array, method: 0 | 8 = 8): ZipEntrySpec {
  const data = method === 8 ? new Uint8Array(zlib.deflateRawSync(bytes)) : bytes;
  return { name, data, method, crc: zlib.crc32(bytes), size: bytes.length };
}

/** A GPX file of `points` one-second points along a line (about 120 bytes a point). */
export function syntheticGpx(points: number, padding = ""): Uint8Array {
  const start = Date.UTC(2024, 4, 1, 8);
  const rows: string[] = [];
  for (let i = 0; i < points; i++) {
    const lat = (45 + i * 2.7e-5).toFixed(7);
    const lon = (6 + Math.sin(i / 300) * 1e-3).toFixed(7);
    const time = new Date(start + i * 1000).toISOString();
    rows.push(
      `<trkpt lat="${lat}" lon="${lon}"><ele>${(500 + (i % 50)).toFixed(1)}</ele><time>${time}</time></trkpt>`,
    );
  }
  const text = `<?xml version="1.0"?><gpx version="1.1" creator="bench"><trk><name>Synthetic</name><trkseg>${padding}${rows.join("\n")}</trkseg></trk></gpx>`;
  return new TextEncoder().encode(text);
}

export function concat(parts: ReadonlyArray<Uint8Array>): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
