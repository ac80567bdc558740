import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { AppError, APP_ERROR_CODES, APP_ERRORS, validationError } from "~/server/errors";
import { openApiProcedures } from "./procedures";
import { createCaller } from "./root";
import type { Context, Meta } from "./trpc";

type Callable = (input: unknown) => Promise<unknown>;

/**
 * Calls a procedure by its path ("track.addPoints") as the HTTP edge does for REST requests, and turns what
 * tRPC throws back into our errors: the service's AppError, the input's validation issues (a 400, or a 413
 * for an array past its documented batch limit), anything else unchanged (a 500 for the edge to log).
 */
export async function callProcedure(ctx: Context, path: string, input: unknown): Promise<unknown> {
  const [router, name] = path.split(".");
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, Callable>>;
  const procedure = router && name ? caller[router]?.[name] : undefined;
  if (!procedure) throw new AppError("NOT_FOUND", `No procedure ${path}`);
  try {
    return await procedure(input);
  } catch (error) {
    throw fromTrpcError(error, openApiProcedures().get(path)?.meta);
  }
}

export function fromTrpcError(error: unknown, meta?: Meta): unknown {
  if (!(error instanceof TRPCError)) return error;
  const cause = error.cause;
  if (cause instanceof AppError) return cause;
  // Input validation (BAD_REQUEST); a ZodError under any other code is the output failing its schema: a bug.
  if (cause instanceof z.ZodError)
    return error.code === "BAD_REQUEST" ? validationError(cause, meta?.batchLimits) : cause;
  const code = APP_ERROR_CODES.find((c) => APP_ERRORS[c].trpc === error.code);
  return code && code !== "INTERNAL_SERVER_ERROR" ? new AppError(code, error.message) : (cause ?? error);
}
