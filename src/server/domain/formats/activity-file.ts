import {
  type ByteSource,
  bytesSource,
  InflateBudget,
  inflateSource,
  isGzip,
  isZip,
  nestedArchiveError,
  SourceReader,
} from "./archive";
import { detectContent, fileExtension, SNIFF_BYTES, stripGzExtension } from "./detect";
import { NO_POINTS_MESSAGE, NoTrackPointsError, withFile } from "./errors";
import { parseFit } from "./fit";
import { parseGpx } from "./gpx";
import { parseTcx } from "./tcx";
import type { ActivityFormat, ParsedTrack } from "./types";
import { decodeXmlBytes } from "./xml";
import { isReadableEntry, listZipEntries, openZipEntry } from "./zip";

const ACTIVITY_EXTENSIONS = new Set(["gpx", "tcx", "fit"]);

/**
 * Reads an uploaded GPX, TCX or FIT file (optionally gzip-compressed) or a zip archive of them.
 * Every track returned has at least one point; a file with none throws a FormatError. The files of one
 * request share one `budget`, so that together they decompress no more than its limits.
 */
export function parseActivityFile(
  bytes: Uint8Array,
  filename?: string,
  budget: InflateBudget = new InflateBudget(),
): ParsedTrack[] {
  try {
    const tracks = parseUpload(bytes, filename, budget);
    if (tracks.length === 0) throw new NoTrackPointsError(NO_POINTS_MESSAGE);
    return tracks;
  } catch (error) {
    throw withFile(error, filename);
  }
}

function parseUpload(bytes: Uint8Array, filename: string | undefined, budget: InflateBudget): ParsedTrack[] {
  if (!isGzip(bytes)) {
    const format = detectContent(bytes, filename);
    return format === "zip" ? parseZip(bytes, budget) : parseDocument(bytes, format);
  }
  const content = gunzipped(bytesSource(bytes), budget);
  const name = stripGzExtension(filename);
  const format = detectContent(content.head(SNIFF_BYTES), name);
  if (format === "zip") throw nestedArchiveError("zip", "gzip");
  return parseDocument(content.all(), format);
}

function parseDocument(data: Uint8Array, format: Exclude<ActivityFormat, "zip">): ParsedTrack[] {
  switch (format) {
    case "gpx":
      return parseGpx(decodeXmlBytes(data));
    case "tcx":
      return parseTcx(decodeXmlBytes(data));
    case "fit":
      return parseFit(data);
  }
}

/** What a gzip layer holds, refused as soon as it shows to be another archive. */
function gunzipped(source: ByteSource, budget: InflateBudget): SourceReader {
  const content = new SourceReader(inflateSource(source, "gzip", budget));
  const head = content.head(4);
  if (isGzip(head) || isZip(head)) throw nestedArchiveError(isZip(head) ? "zip" : "gzip", "gzip");
  return content;
}

/**
 * Every GPX/TCX/FIT entry of the archive (by content, or by name for a damaged one), each possibly
 * gzip-compressed. A damaged entry fails the whole upload, named, and so does an archive inside; entries
 * with nothing to import (an indoor workout) are skipped unless no entry has points. Other files are
 * ignored after their first bytes.
 */
function parseZip(bytes: Uint8Array, budget: InflateBudget): ParsedTrack[] {
  const tracks: ParsedTrack[] = [];
  let firstEmpty: NoTrackPointsError | undefined;
  for (const entry of listZipEntries(bytes)) {
    if (isIgnoredEntry(entry.name)) continue;
    const name = stripGzExtension(entry.name);
    // A photo packed with LZMA is no reason to refuse an export; an activity that cannot be read is.
    if (!isReadableEntry(entry) && !ACTIVITY_EXTENSIONS.has(fileExtension(name) ?? "")) continue;
    try {
      let content = new SourceReader(openZipEntry(bytes, entry, budget));
      let head = content.head(SNIFF_BYTES);
      if (isZip(head)) throw nestedArchiveError("zip", "zip");
      if (isGzip(head)) {
        content = gunzipped(content.asSource(), budget);
        head = content.head(SNIFF_BYTES);
      }
      const format = activityFormat(head, name);
      if (format === undefined) continue;
      tracks.push(...parseDocument(content.all(), format));
    } catch (error) {
      const named = withFile(error, entry.name);
      if (!(named instanceof NoTrackPointsError)) throw named;
      firstEmpty ??= named;
    }
  }
  if (tracks.length === 0)
    throw firstEmpty ?? new NoTrackPointsError("zip archive holds no GPX, TCX or FIT file");
  return tracks;
}

/** The format of an entry, undefined for a stray file (unrecognised content, and a name that claims nothing). */
function activityFormat(
  head: Uint8Array,
  name: string | undefined,
): Exclude<ActivityFormat, "zip"> | undefined {
  try {
    const format = detectContent(head, name);
    return format === "zip" ? undefined : format;
  } catch (error) {
    if (ACTIVITY_EXTENSIONS.has(fileExtension(name) ?? "")) throw error;
    return undefined;
  }
}

/** Directories and macOS metadata (`__MACOSX/`, `._name`, `.DS_Store`). */
function isIgnoredEntry(name: string): boolean {
  if (name.endsWith("/")) return true;
  if (name.startsWith("__MACOSX/") || name.includes("/__MACOSX/")) return true;
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base.startsWith("._") || base === ".DS_Store";
}
