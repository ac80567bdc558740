import { XMLParser, XMLValidator } from "fast-xml-parser";
import { FormatError } from "./errors";

/** An element as fast-xml-parser returns it: children by local name, attributes as "@_name". */
export type XmlElement = { [key: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Files mix prefixes freely (gpxtpx:, ns3:, tpx:); we match on local names.
  removeNSPrefix: true,
  // Numbers are read by the format readers: names like "0815" must stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  // Needed for numeric character references (&#233;); the XML named entities stay decoded.
  htmlEntities: true,
  // Callbacks receive a matcher instead of a freshly built path string: noticeably faster.
  jPath: false,
});

/**
 * Text of an XML file from its bytes: honours a UTF-16 byte order mark and a single-byte encoding
 * declared in the prolog (e.g. ISO-8859-1); UTF-8 otherwise.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
  if (declared && declared !== "utf-8" && declared !== "utf8" && !declared.startsWith("utf-16")) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // Unknown label: UTF-8 below is the best remaining guess.
    }
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * Validates then parses an XML document. Malformed or truncated input throws a FormatError that
 * names the line, because the validator (not the lenient parser) is what notices a cut-off file.
 */
export function parseXml(xml: string): XmlElement {
  // Some exporters put whitespace (or a BOM) before the declaration, which strict XML forbids.
  const start = xml.search(/[^\s\uFEFF]/);
  if (start === -1) throw new FormatError("empty file");
  const body = xml.slice(start);
  const skippedLines = countLines(xml, 0, start) - 1;
  const result = XMLValidator.validate(body);
  if (result !== true) throw new FormatError(describeXmlError(result.err, body, skippedLines));
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch (error) {
    // The validator accepted it, so this is a parser limit (entity expansion, nesting depth).
    throw new FormatError(`unreadable XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isElement(parsed)) throw new FormatError("not an XML document");
  return parsed;
}

function describeXmlError(
  err: { code: string; msg: string; line: number; col?: number },
  body: string,
  skippedLines: number,
): string {
  const lastLine = countLines(body, 0, body.length);
  // Elements still open at end of input: the validator reports them at line 1, so point at the end.
  const unclosed = /^Invalid '(.*)' found\.$/s.exec(err.msg)?.[1];
  if (unclosed !== undefined) {
    const innermost = lastOpenTag(unclosed);
    const detail = innermost ? `: <${innermost}> is not closed` : "";
    return `truncated XML at line ${lastLine + skippedLines}${detail}`;
  }
  const line = err.line + skippedLines;
  if (err.line >= lastLine) return `truncated XML at line ${line}: ${err.msg}`;
  const col = err.col === undefined ? "" : `, column ${err.col}`;
  return `malformed XML at line ${line}${col}: ${err.msg}`;
}

function lastOpenTag(list: string): string | undefined {
  try {
    const tags: unknown = JSON.parse(list);
    if (Array.isArray(tags)) {
      const last: unknown = tags[tags.length - 1];
      if (typeof last === "string") return last;
    }
  } catch {
    // The validator's wording changed; the line number alone still helps.
  }
  return undefined;
}

function countLines(text: string, from: number, to: number): number {
  let lines = 1;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

export function isElement(value: unknown): value is XmlElement {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Child elements with this local name; a single child and repeated children read the same. */
export function children(parent: XmlElement | undefined, name: string): XmlElement[] {
  const value = parent?.[name];
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const out: XmlElement[] = [];
  for (const item of list) {
    if (isElement(item)) out.push(item);
    // An empty element such as <trkpt/> without attributes parses to "": it has nothing to read.
  }
  return out;
}

export function child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(parent, name)[0];
}

/** Text content of the first child with this local name. */
export function childText(parent: XmlElement | undefined, name: string): string | undefined {
  const value = parent?.[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string") return first;
  if (typeof first === "number" || typeof first === "boolean") return String(first);
  if (isElement(first)) {
    const text = first["#text"];
    if (typeof text === "string" || typeof text === "number") return String(text);
  }
  return undefined;
}

export function attr(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

/** Local name of the document element (the first key that is not a declaration or PI). */
export function rootName(doc: XmlElement): string | undefined {
  return Object.keys(doc).find((k) => !k.startsWith("?") && !k.startsWith("#"));
}
