import { gunzip, isGzip, readZipEntries } from "./archive";
import { detectFormat, fileExtension, stripGzExtension } from "./detect";
import { NO_POINTS_MESSAGE, NoTrackPointsError, withFile } from "./errors";
import { parseFit } from "./fit";
import { parseGpx } from "./gpx";
import { parseTcx } from "./tcx";
import type { ParsedTrack } from "./types";
import { decodeXmlBytes } from "./xml";

const ACTIVITY_EXTENSIONS = new Set(["gpx", "tcx", "fit"]);

/**
 * Reads an uploaded GPX, TCX or FIT file (optionally gzip-compressed) or a zip archive of them.
 * Every track returned has at least one point; a file with none throws a FormatError.
 */
export function parseActivityFile(bytes: Uint8Array, filename?: string): ParsedTrack[] {
  try {
    const tracks = parseSingle(bytes, filename);
    if (tracks.length === 0) throw new NoTrackPointsError(NO_POINTS_MESSAGE);
    return tracks;
  } catch (error) {
    throw withFile(error, filename);
  }
}

function parseSingle(bytes: Uint8Array, filename: string | undefined): ParsedTrack[] {
  let data = bytes;
  let name = filename;
  if (isGzip(data)) {
    data = gunzip(data);
    name = stripGzExtension(name);
  }
  const format = detectFormat(data, name);
  switch (format) {
    case "gpx":
      return parseGpx(decodeXmlBytes(data));
    case "tcx":
      return parseTcx(decodeXmlBytes(data));
    case "fit":
      return parseFit(data);
    case "zip":
      return parseZip(data);
  }
}

/**
 * Every GPX/TCX/FIT entry of the archive (by content, or by name for a damaged one). A damaged
 * entry fails the whole upload, named; entries with nothing to import (an indoor workout) are
 * skipped unless no entry has points. Other files, nested archives included, are ignored.
 */
function parseZip(bytes: Uint8Array): ParsedTrack[] {
  const tracks: ParsedTrack[] = [];
  let firstEmpty: NoTrackPointsError | undefined;
  for (const entry of readZipEntries(bytes)) {
    let data = entry.bytes;
    const name = stripGzExtension(entry.name);
    try {
      if (isGzip(data)) data = gunzip(data);
      if (!isActivityEntry(data, name)) continue;
      tracks.push(...parseSingle(data, name));
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

function isActivityEntry(data: Uint8Array, name: string | undefined): boolean {
  try {
    return detectFormat(data, name) !== "zip";
  } catch (error) {
    // Unrecognised content is a stray file unless its name claims otherwise.
    if (ACTIVITY_EXTENSIONS.has(fileExtension(name) ?? "")) throw error;
    return false;
  }
}
