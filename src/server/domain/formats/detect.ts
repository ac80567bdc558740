import {
  bytesSource,
  InflateBudget,
  inflateSource,
  isGzip,
  isZip,
  nestedArchiveError,
  SourceReader,
} from "./archive";
import { fileError, withFile } from "./errors";
import type { ActivityFormat } from "./types";
import { decodeXmlBytes } from "./xml";

/** Enough of the start of a file to recognise it (an XML root element may follow a long prolog). */
export const SNIFF_BYTES = 64 * 1024;

/**
 * What an activity file holds, judged by its content (".FIT" header, zip signature, XML root
 * element); the file name only decides when the content cannot (an XML file cut off before its root
 * element). A gzip-compressed file is judged by the start of what it contains, which is all that is
 * decompressed; a compressed archive is refused.
 */
export function detectFormat(bytes: Uint8Array, filename?: string): ActivityFormat {
  if (!isGzip(bytes)) return detectContent(bytes, filename);
  try {
    const head = new SourceReader(inflateSource(bytesSource(bytes), "gzip", new InflateBudget())).head(
      SNIFF_BYTES,
    );
    if (isGzip(head) || isZip(head)) throw nestedArchiveError(isZip(head) ? "zip" : "gzip", "gzip");
    return detectContent(head, stripGzExtension(filename));
  } catch (error) {
    throw withFile(error, filename);
  }
}

/** The format of uncompressed content (whole, or its first SNIFF_BYTES). */
export function detectContent(bytes: Uint8Array, filename?: string): ActivityFormat {
  if (isFitHeader(bytes)) return "fit";
  if (isZip(bytes)) return "zip";

  const ext = fileExtension(filename);
  const root = xmlRootName(decodeXmlBytes(bytes.subarray(0, SNIFF_BYTES)));
  if (root === "gpx") return "gpx";
  if (root === "TrainingCenterDatabase") return "tcx";
  if (root !== undefined && root !== null) {
    throw fileError(
      `unsupported XML file: the root element is <${root}>, not <gpx> or <TrainingCenterDatabase>`,
      filename,
    );
  }
  if (root === null && (ext === "gpx" || ext === "tcx")) return ext;
  if (ext === "fit") throw fileError("not a valid FIT file (missing .FIT header)", filename);
  if (root === null)
    throw fileError("XML file without a <gpx> or <TrainingCenterDatabase> element", filename);
  throw fileError("not a GPX, TCX or FIT file", filename);
}

export function isFitHeader(bytes: Uint8Array): boolean {
  const headerSize = bytes[0];
  return (
    (headerSize === 12 || headerSize === 14) &&
    bytes.length >= headerSize &&
    bytes[8] === 0x2e && // "."
    bytes[9] === 0x46 && // "F"
    bytes[10] === 0x49 && // "I"
    bytes[11] === 0x54 // "T"
  );
}

/** Lower-case extension without the dot ("gpx"), undefined when there is none. */
export function fileExtension(filename: string | undefined): string | undefined {
  const match = filename === undefined ? null : /\.([A-Za-z0-9]+)$/.exec(filename);
  return match?.[1]?.toLowerCase();
}

export function stripGzExtension(filename: string | undefined): string | undefined {
  return filename?.replace(/\.gz$/i, "");
}

/**
 * Local name of the root element of an XML prefix: a string when found, null when the text is XML
 * but its root lies beyond the prefix, undefined when the text is not XML at all.
 */
function xmlRootName(text: string): string | null | undefined {
  let i = text.search(/[^\s\uFEFF]/);
  if (i === -1 || text[i] !== "<") return undefined;
  const element = /<([A-Za-z_][\w.:-]*)/y;
  while (i < text.length) {
    if (text.startsWith("<?", i)) i = endOf(text, "?>", i);
    else if (text.startsWith("<!--", i)) i = endOf(text, "-->", i);
    else if (text.startsWith("<!", i)) i = endOfDoctype(text, i);
    else {
      element.lastIndex = i;
      const name = element.exec(text)?.[1];
      if (name === undefined) return undefined;
      return name.slice(name.indexOf(":") + 1);
    }
    if (i === -1) return null;
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i < text.length && text[i] !== "<") return undefined;
  }
  return null;
}

function endOf(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/** A DOCTYPE may carry an internal subset in brackets, which itself contains ">". */
function endOfDoctype(text: string, from: number): number {
  const close = text.indexOf(">", from);
  const bracket = text.indexOf("[", from);
  if (bracket !== -1 && (close === -1 || bracket < close)) {
    const subsetEnd = text.indexOf("]", bracket);
    return subsetEnd === -1 ? -1 : endOf(text, ">", subsetEnd);
  }
  return close === -1 ? -1 : close + 1;
}
