import { type ByteSource, bytesSource, type InflateBudget, inflateSource, storedSource } from "./archive";
import { FormatError } from "./errors";

/** More entries than any activity export that fits in an upload; each costs a little work even when empty. */
export const MAX_ZIP_ENTRIES = 10_000;

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const U32_MAX = 0xffffffff;

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  localHeaderOffset: number;
}

const corrupt = (why: string) => new FormatError(`corrupt zip archive (${why})`);

/**
 * The entries of a zip archive, from its central directory. Nothing is decompressed here, and the sizes the
 * headers claim for the decompressed data are not read at all: only what inflating produces counts.
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw corrupt("bad zip64 locator");
    const record = safeNumber(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_END_OF_DIRECTORY) {
      throw corrupt("bad zip64 directory record");
    }
    count = safeNumber(view.getBigUint64(record + 32, true));
    size = safeNumber(view.getBigUint64(record + 40, true));
    offset = safeNumber(view.getBigUint64(record + 48, true));
  }
  if (offset + size > bytes.length) throw corrupt("the central directory lies outside the file");
  if (count > MAX_ZIP_ENTRIES) {
    throw new FormatError(`zip archive has ${count} entries, more than the ${MAX_ZIP_ENTRIES} accepted`);
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY)
      throw corrupt("bad directory entry");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) throw corrupt("bad directory entry");
    const flags = view.getUint16(at + 8, true);
    const sizes = {
      uncompressed: view.getUint32(at + 24, true),
      compressed: view.getUint32(at + 20, true),
      offset: view.getUint32(at + 42, true),
    };
    readZip64Extra(view, at + 46 + nameLength, extraLength, sizes);
    entries.push({
      // Bit 11 flags UTF-8 names; older tools write their code page, which UTF-8 decodes well enough for
      // names only used to pick a parser and to name the file in errors.
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      encrypted: (flags & 1) !== 0,
      compressedSize: sizes.compressed,
      localHeaderOffset: sizes.offset,
    });
    at = next;
  }
  return entries;
}

/** Stored or DEFLATE, not encrypted: what openZipEntry can read. */
export function isReadableEntry(entry: ZipEntry): boolean {
  return !entry.encrypted && (entry.method === 0 || entry.method === 8);
}

/** The entry's content as it is decompressed, charged to the budget. */
export function openZipEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget): ByteSource {
  if (entry.encrypted) throw new FormatError("encrypted zip entries are not supported");
  if (entry.method !== 0 && entry.method !== 8) {
    throw new FormatError("uses a compression method other than DEFLATE, which is not supported");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) throw corrupt("bad local header");
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > bytes.length) throw corrupt("an entry runs past the end of the file");
  return entry.method === 0
    ? storedSource(data, budget)
    : inflateSource(bytesSource(data), "deflate", budget);
}

function findEndOfDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  throw corrupt("no end of central directory record");
}

/** Sizes and offset too large for 32 bits are in the zip64 extra field (id 1), in this order. */
function readZip64Extra(
  view: DataView,
  from: number,
  length: number,
  sizes: { uncompressed: number; compressed: number; offset: number },
): void {
  for (let at = from; at + 4 <= from + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (at + 4 + size > from + length) throw corrupt("bad extra field");
    if (id === 1) {
      let field = at + 4;
      for (const key of ["uncompressed", "compressed", "offset"] as const) {
        if (sizes[key] !== U32_MAX) continue;
        if (field + 8 > at + 4 + size) throw corrupt("bad zip64 extra field");
        sizes[key] = safeNumber(view.getBigUint64(field, true));
        field += 8;
      }
      return;
    }
    at += 4 + size;
  }
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt("size out of range");
  return Number(value);
}
