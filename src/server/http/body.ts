import type { IncomingMessage } from "node:http";
import { AppError } from "~/server/errors";

/** A body over its cap: refused while reading, before any parsing. */
export function bodyTooLarge(cap: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `Request body larger than ${cap} bytes`);
}

/**
 * Reads a body up to `cap` bytes. Past the cap the rest is read and thrown away (up to 4× the cap, then the
 * connection is cut), so that a client still sending can read its 413 instead of a broken pipe. A declared
 * Content-Length over the cap is refused before reading anything.
 */
export function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? Number.NaN);
    const parts: Buffer[] = [];
    let size = 0;
    let refused = declared > cap;
    if (refused) reject(bodyTooLarge(cap));
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (!refused && size <= cap) return void parts.push(chunk);
      if (!refused) {
        refused = true;
        parts.length = 0;
        reject(bodyTooLarge(cap));
      }
      if (size > 4 * cap) {
        req.off("data", onData);
        req.destroy();
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(parts, size)));
    req.once("error", reject);
  });
}

/** Requests whose body no handler reads (GET, HEAD): nothing to read, but refuse a body that says it is huge. */
export function hasBody(method: string): boolean {
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}

function mediaType(req: IncomingMessage): string {
  return (
    String(req.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim()
      .toLowerCase() ?? ""
  );
}

/**
 * A JSON body, parsed as it is: no field is coerced (a `"42"` stays a string and fails a number check). Apps
 * that forget the Content-Type header still send JSON (the contract is JSON in, JSON out); an empty body is `{}`.
 */
export function parseJson(req: IncomingMessage, body: Buffer): unknown {
  const type = mediaType(req);
  if (type && type !== "application/json" && !type.endsWith("+json")) {
    throw new AppError(
      "BAD_REQUEST",
      `Unsupported content type "${type}": send application/json${type === "multipart/form-data" ? " (multipart is for POST /imports)" : ""}`,
    );
  }
  if (body.byteLength === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `Malformed JSON body: ${error instanceof Error ? error.message : error}`,
    );
  }
}

export function isMultipart(req: IncomingMessage): boolean {
  return mediaType(req) === "multipart/form-data";
}

/**
 * A multipart/form-data upload (`file` parts plus plain fields) as the JSON shape of the import procedure
 * (`files: [{name, data_base64}]`), so one zod schema validates both forms.
 */
export async function multipartToJson(req: IncomingMessage, body: Buffer): Promise<unknown> {
  const request = new Request("http://localhost/", {
    method: "POST",
    headers: { "content-type": String(req.headers["content-type"]) },
    body: new Uint8Array(body),
  });
  const form = await request.formData().catch(() => null);
  if (!form) throw new AppError("BAD_REQUEST", "Malformed multipart/form-data body");
  const json: Record<string, unknown> = {};
  const files: Array<{ name: string; data_base64: string }> = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") json[key] = value;
    else if (key === "file" || key === "files") {
      files.push({
        name: value.name || "upload",
        data_base64: Buffer.from(await value.arrayBuffer()).toString("base64"),
      });
    }
  }
  json.files = files;
  return json;
}
