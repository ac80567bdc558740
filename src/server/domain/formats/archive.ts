import { Gunzip, unzipSync } from "fflate";
import { FormatError } from "./errors";

/** Guards against decompression bombs: real activity files are a few MB at most. */
export const MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-directory record that is all an empty archive holds.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** Strava and others export activities as `.fit.gz` / `.gpx.gz`. */
export function gunzip(bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > MAX_UNCOMPRESSED_BYTES) throw new FormatError("compressed file expands to more than 256 MB");
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(`corrupt gzip data (${errorMessage(error)})`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/** Files of a zip archive, without directories and macOS metadata (`__MACOSX/`, `._name`). */
export function readZipEntries(bytes: Uint8Array): ZipEntry[] {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (isIgnoredEntry(file.name)) return false;
        if (file.compression !== 0 && file.compression !== 8) {
          throw new FormatError(`zip entry ${file.name} uses an unsupported compression method`, file.name);
        }
        total += file.originalSize;
        if (total > MAX_UNCOMPRESSED_BYTES) throw new FormatError("zip archive expands to more than 256 MB");
        return true;
      },
    });
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(`corrupt zip archive (${errorMessage(error)})`);
  }
  return Object.entries(files).map(([name, data]) => ({ name, bytes: data }));
}

function isIgnoredEntry(name: string): boolean {
  if (name.endsWith("/")) return true;
  if (name.startsWith("__MACOSX/") || name.includes("/__MACOSX/")) return true;
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base.startsWith("._") || base === ".DS_Store";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
