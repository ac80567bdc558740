import { AppError } from "~/server/errors";
import { openApiProcedures } from "./procedures";
import { createCaller } from "./root";
import { type Context, fromTrpcError } from "./trpc";

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
    throw fromTrpcError(error, openApiProcedures().get(path)?.meta, input);
  }
}
