/** Error codes of the public contract (shared/spec/runify-rest-api.md), plus FORBIDDEN for token scopes. */
export const APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMIT: 429,
  INTERNAL_SERVER_ERROR: 500,
  /** The server is saturated (worker pool, password hashing): retry after `Retry-After` seconds. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

/** Thrown by services and domain code; mapped once to tRPC and REST in src/server/api/errors.ts. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly retryAfterSec: number | undefined;
  /** Listed in the REST error body's `issues` (e.g. which uploaded file is broken). */
  readonly issues: unknown[] | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    opts: { retryAfterSec?: number; issues?: unknown[] } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterSec = opts.retryAfterSec;
    this.issues = opts.issues;
  }
}

export const notFound = (what = "Track") => new AppError("NOT_FOUND", `${what} not found`);
