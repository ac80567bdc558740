import { z } from "zod";

/**
 * Every error the server answers, in one table: its HTTP status and the tRPC code the dashboard's client
 * sees. The codes are the public contract's (shared/spec/runify-rest-api.md), plus FORBIDDEN (token scopes),
 * METHOD_NOT_ALLOWED, BAD_GATEWAY (the tile proxy's upstream failed), SERVICE_UNAVAILABLE (database outage, overload: retry later) and INTERNAL_SERVER_ERROR.
 */
export const APP_ERRORS = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND" },
  METHOD_NOT_ALLOWED: { status: 405, trpc: "METHOD_NOT_SUPPORTED" },
  CONFLICT: { status: 409, trpc: "CONFLICT" },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: "PAYLOAD_TOO_LARGE" },
  RATE_LIMIT: { status: 429, trpc: "TOO_MANY_REQUESTS" },
  INTERNAL_SERVER_ERROR: { status: 500, trpc: "INTERNAL_SERVER_ERROR" },
  BAD_GATEWAY: { status: 502, trpc: "BAD_GATEWAY" },
  SERVICE_UNAVAILABLE: { status: 503, trpc: "SERVICE_UNAVAILABLE" },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;
export const APP_ERROR_CODES = Object.keys(APP_ERRORS) as AppErrorCode[];

/** Thrown by services and domain code; `httpError` turns it (and anything else) into the answer, once. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryAfterSec: number | undefined;
  /** Listed in the error body's `issues` (validation problems with their path, which file is broken…). */
  readonly issues: unknown[] | undefined;
  /** Extra fields of the error body (e.g. the existing track's id of a 409). */
  readonly details: Record<string, unknown> | undefined;
  /** Extra response headers (e.g. Allow on a 405). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: {
      retryAfterSec?: number;
      issues?: unknown[];
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterSec = opts.retryAfterSec;
    this.issues = opts.issues;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export const notFound = (what = "Track") => new AppError("NOT_FOUND", `${what} not found`);

/** The documented error answer: `{code, message, issues?, …details}` with its status and headers. */
export interface HttpError {
  status: number;
  body: { code: AppErrorCode; message: string; issues?: unknown[] } & Record<string, unknown>;
  headers: Record<string, string>;
}

/** "points[3].latitude" from a zod path. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Names other APIs and file formats give our fields: a missing field with one of these beside it says so. */
const OTHER_NAMES: Record<string, readonly string[]> = {
  latitude: ["lat"],
  longitude: ["lng", "lon", "long"],
  timestamp: ["time", "ts", "date", "datetime"],
  altitude: ["ele", "elevation", "alt"],
  device_track_id: ["device_id", "track_id"],
  start_ts: ["start", "start_time", "started_at"],
  end_ts: ["end", "end_time", "ended_at"],
};

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function at(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * The field sent under another name in place of a missing one (`lat` for `latitude`, `deviceTrackId`), if
 * any: the message then names both instead of only saying "required".
 */
function misnamed(input: unknown, path: readonly PropertyKey[]): string | null {
  const key = path.at(-1);
  if (typeof key !== "string") return null;
  const parent = at(input, path.slice(0, -1));
  if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return null;
  const candidates = [...(OTHER_NAMES[key] ?? []), camel(key), key.toLowerCase()].filter((k) => k !== key);
  return candidates.find((k) => Object.hasOwn(parent, k)) ?? null;
}

/** An issue as the error body lists it: no symbols in paths, no 300-character regex of a format check. */
function publicIssue(issue: z.core.$ZodIssue, input: unknown): Record<string, unknown> {
  const { pattern: _pattern, ...rest } = issue as z.core.$ZodIssue & { pattern?: unknown };
  const out: Record<string, unknown> = {
    ...rest,
    path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
  };
  if (issue.code === "invalid_union")
    out.errors = issue.errors.map((branch) => branch.map((i) => publicIssue(i, undefined)));
  if (issue.code === "invalid_type" && issue.message.startsWith("required") && input !== undefined) {
    const other = misnamed(input, issue.path);
    if (other)
      out.message = `required; "${other}" is not a field of this object: send "${String(issue.path.at(-1))}"`;
  }
  return out;
}

/**
 * Input validation failed: a 400 whose message names the first problems by their path, with every zod issue
 * listed. `tooLarge` names the arrays whose length is a documented batch limit: exceeding it is a 413. With
 * the `input`, a missing field sent under another name (`lat`) is named.
 */
export function validationError(
  error: z.ZodError,
  tooLarge: readonly string[] = [],
  input?: unknown,
): AppError {
  const issues = error.issues.map((i) => publicIssue(i, input)) as Array<
    Record<string, unknown> & { path: Array<string | number>; message: string; code: string; origin?: string }
  >;
  const batch = issues.find(
    (i) => i.code === "too_big" && i.origin === "array" && tooLarge.includes(issuePath(i.path)),
  );
  if (batch) {
    return new AppError(
      "PAYLOAD_TOO_LARGE",
      `Too many items in ${issuePath(batch.path)} (see the documented batch limits)`,
      { issues },
    );
  }
  const named = issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${issuePath(i.path)}: ${i.message}` : i.message))
    .join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return new AppError("BAD_REQUEST", `Invalid input: ${named}${more}`, { issues });
}

/** PostgreSQL and driver errors that mean "the database is not there right now", not "this request is bad". */
function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    // 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 53300: too many connections.
    if (/^08|^57P0[123]$|^53300$/.test(code)) return true;
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"].includes(code)) return true;
  }
  const message = error.message;
  if (/Connection terminated|connection is closed|Client has encountered a connection error/i.test(message))
    return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

/**
 * The one mapping from a thrown error to the HTTP answer (REST, files, live streams, tRPC status codes).
 * Unknown errors are a 500 whose body hides internals; the caller logs them.
 */
export function httpError(error: unknown): HttpError {
  let app: AppError;
  if (error instanceof AppError) app = error;
  else if (error instanceof z.ZodError) app = validationError(error);
  else if (isDatabaseUnavailable(error))
    app = new AppError("SERVICE_UNAVAILABLE", "The database is unavailable: retry shortly", {
      retryAfterSec: 5,
    });
  else app = new AppError("INTERNAL_SERVER_ERROR", "Internal server error");
  const headers: Record<string, string> = { ...app.headers };
  if (app.retryAfterSec !== undefined || app.code === "RATE_LIMIT" || app.code === "SERVICE_UNAVAILABLE")
    headers["Retry-After"] = String(Math.max(1, Math.ceil(app.retryAfterSec ?? 1)));
  const body: HttpError["body"] = { ...app.details, code: app.code, message: app.message };
  if (app.issues) body.issues = app.issues;
  return { status: APP_ERRORS[app.code].status, body, headers };
}

/** Whether an error is ours to explain (4xx, 503) rather than a bug to log. */
export function isExpectedError(error: unknown): boolean {
  return httpError(error).status !== 500;
}
