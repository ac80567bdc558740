import { Gunzip, Inflate } from "fflate";
import { FormatError } from "./errors";

const MB = 1024 * 1024;

/**
 * What one request may decompress in all (every file, every zip entry, every gzip layer): a 6.9 KB upload
 * once cost the server 17 s and gigabytes. Real activities are a few MB; 24 h recorded every second is 10–25 MB
 * of GPX (450,000 synthetic points: 46 MB).
 */
export const MAX_INFLATED_BYTES_PER_REQUEST = 64 * MB;
/** What one decompressed file (a .gz file, a zip entry) may expand to. */
export const MAX_INFLATED_BYTES_PER_FILE = 48 * MB;
/**
 * Compressed input is fed to the inflater this many bytes at a time: DEFLATE expands at most ≈ 1032:1, so
 * no step produces more than ≈ 4 MB before the counters can refuse it.
 */
const INPUT_STEP = 4096;
const STORED_STEP = 64 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

/** The decompression allowance of one request, shared by all of its files (see the limits above). */
export class InflateBudget {
  constructor(
    /** Bytes already decompressed by earlier files of the same request. */
    public used = 0,
    readonly limits = { request: MAX_INFLATED_BYTES_PER_REQUEST, file: MAX_INFLATED_BYTES_PER_FILE },
  ) {}

  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limits.request) {
      throw new FormatError(
        `the files of this upload expand to more than ${mb(this.limits.request)} once decompressed (the limit for one upload)`,
      );
    }
  }
}

/** Bytes that arrive in chunks, pulled one at a time; null once there are no more. */
export interface ByteSource {
  pull(): Uint8Array | null;
}

/** The bytes of a file, as one chunk. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let done = false;
  return {
    pull() {
      if (done) return null;
      done = true;
      return bytes;
    },
  };
}

/**
 * A stored (uncompressed) zip entry: nothing to inflate, but charged all the same, since many entries can
 * share its bytes; in slices, so that sniffing a stray file (a photo) costs its first slice only.
 */
export function storedSource(bytes: Uint8Array, budget: InflateBudget): ByteSource {
  let offset = 0;
  return {
    pull() {
      if (offset >= bytes.length) return null;
      const chunk = bytes.subarray(offset, offset + STORED_STEP);
      offset += chunk.length;
      chargeFile(budget, chunk.length, offset);
      return chunk;
    },
  };
}

/**
 * Decompresses `upstream` (gzip, or the raw DEFLATE of a zip entry) as it is pulled, charging each piece to
 * the budget and to this file's own limit, so a bomb stops a few MB past the limit, whatever its headers say.
 */
export function inflateSource(
  upstream: ByteSource,
  kind: "gzip" | "deflate",
  budget: InflateBudget,
): ByteSource {
  const out: Uint8Array[] = [];
  let produced = 0;
  const stream = kind === "gzip" ? new Gunzip() : new Inflate();
  stream.ondata = (chunk) => {
    if (chunk.length === 0) return;
    produced += chunk.length;
    chargeFile(budget, chunk.length, produced);
    out.push(chunk);
  };
  let pending: Uint8Array = new Uint8Array(0);
  let ended = false;
  const push = (input: Uint8Array, final: boolean) => {
    try {
      stream.push(input, final);
    } catch (error) {
      if (error instanceof FormatError) throw error;
      const what = kind === "gzip" ? "corrupt gzip data" : "corrupt compressed data";
      throw new FormatError(`${what} (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  return {
    pull() {
      while (out.length === 0 && !ended) {
        if (pending.length === 0) {
          const next = upstream.pull();
          if (next === null) {
            ended = true;
            push(new Uint8Array(0), true);
            break;
          }
          pending = next;
        }
        push(pending.subarray(0, INPUT_STEP), false);
        pending = pending.subarray(INPUT_STEP);
      }
      return out.shift() ?? null;
    },
  };
}

function chargeFile(budget: InflateBudget, bytes: number, fileTotal: number): void {
  if (fileTotal > budget.limits.file) {
    throw new FormatError(
      `expands to more than ${mb(budget.limits.file)} once decompressed (the limit for one file)`,
    );
  }
  budget.charge(bytes);
}

/** A source read in two steps: a prefix to recognise the content, then (if wanted) the whole of it. */
export class SourceReader {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;

  constructor(private readonly source: ByteSource) {}

  /** At least the first `bytes` bytes (fewer when the content is shorter). */
  head(bytes: number): Uint8Array {
    while (this.buffered < bytes && this.fill());
    return this.joined().subarray(0, bytes);
  }

  /** The whole content. */
  all(): Uint8Array {
    while (this.fill());
    return this.joined();
  }

  /** The content as a source again, from its first byte (read it through that source from then on). */
  asSource(): ByteSource {
    let replayed = 0;
    return {
      pull: () => {
        if (replayed < this.chunks.length) return this.chunks[replayed++] ?? null;
        return this.source.pull();
      },
    };
  }

  private fill(): boolean {
    if (this.ended) return false;
    const chunk = this.source.pull();
    if (chunk === null) {
      this.ended = true;
      return false;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    return true;
  }

  private joined(): Uint8Array {
    if (this.chunks.length > 1) this.chunks.splice(0, this.chunks.length, concatBytes(this.chunks));
    return this.chunks[0] ?? new Uint8Array(0);
  }
}

function concatBytes(chunks: ReadonlyArray<Uint8Array>): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function isZip(bytes: Uint8Array): boolean {
  // Local file header, or the end-of-directory record that is all an empty archive holds.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/**
 * Archives are read one level deep, plus one gzip layer inside a zip (Strava's bulk export holds
 * activities/*.fit.gz): anything nested further is refused as soon as its signature shows, before it is
 * decompressed.
 */
export function nestedArchiveError(inner: "gzip" | "zip", container: "gzip" | "zip"): FormatError {
  const name = (kind: "gzip" | "zip") => (kind === "zip" ? "a zip archive" : "a gzip file");
  return new FormatError(
    `${name(inner)} inside ${name(container)} is not accepted (nested archive): upload what it holds instead`,
  );
}
