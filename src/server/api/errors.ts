import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { APP_ERROR_STATUS, AppError, type AppErrorCode } from "~/server/errors";

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  RATE_LIMIT: "TOO_MANY_REQUESTS",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError)
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  return error;
}

/** The documented REST error body: `{code, message, issues?}`. */
export interface RestError {
  status: number;
  body: { code: AppErrorCode; message: string; issues?: unknown[] };
  headers: Record<string, string>;
}

const REST_CODE: Partial<Record<string, AppErrorCode>> = {
  TOO_MANY_REQUESTS: "RATE_LIMIT",
  PARSE_ERROR: "BAD_REQUEST",
  UNSUPPORTED_MEDIA_TYPE: "BAD_REQUEST",
  METHOD_NOT_SUPPORTED: "NOT_FOUND",
  UNPROCESSABLE_CONTENT: "BAD_REQUEST",
};

export function restError(code: AppErrorCode, message: string, extra: Partial<RestError> = {}): RestError {
  return { status: APP_ERROR_STATUS[code], body: { code, message }, headers: {}, ...extra };
}

interface ZodIssueLike {
  code?: string;
  path?: unknown[];
  origin?: string;
}

/**
 * Maps what the OpenAPI adapter answered (tRPC codes) to the contract's codes. A batch over its point limit
 * is a 413 PAYLOAD_TOO_LARGE (the documented batch limit), not a generic validation error.
 */
export function toRestError(
  status: number,
  body: { code?: string; message?: string; issues?: ZodIssueLike[]; data?: { appIssues?: ZodIssueLike[] } },
  retryAfterSec?: number,
): RestError {
  const issues = Array.isArray(body.issues)
    ? body.issues
    : Array.isArray(body.data?.appIssues)
      ? body.data.appIssues
      : undefined;
  const tooMany = issues?.some(
    (i) => i.code === "too_big" && i.origin === "array" && i.path?.length === 1 && i.path[0] === "points",
  );
  if (tooMany)
    return restError("PAYLOAD_TOO_LARGE", "Too many points in one request", {
      body: {
        code: "PAYLOAD_TOO_LARGE",
        message: "Too many points in one request (see the documented batch limits)",
        issues,
      },
    });
  const trpcCode = body.code ?? "INTERNAL_SERVER_ERROR";
  const code: AppErrorCode =
    REST_CODE[trpcCode] ??
    (trpcCode in APP_ERROR_STATUS ? (trpcCode as AppErrorCode) : "INTERNAL_SERVER_ERROR");
  const message =
    trpcCode === "PARSE_ERROR"
      ? "Malformed JSON body"
      : code === "INTERNAL_SERVER_ERROR" && status >= 500
        ? "Internal server error"
        : (body.message ?? "Error");
  const headers: Record<string, string> = {};
  if (code === "RATE_LIMIT" || code === "SERVICE_UNAVAILABLE")
    headers["Retry-After"] = String(retryAfterSec ?? 1);
  return {
    status: APP_ERROR_STATUS[code],
    body: issues ? { code, message, issues } : { code, message },
    headers,
  };
}
