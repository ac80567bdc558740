import type { z } from "zod";
import { processSingleton } from "~/server/process-singleton";
import { appRouter } from "./root";
import type { Meta } from "./trpc";

export interface OpenApiProcedure {
  /** "track.addPoints" */
  path: string;
  meta: Meta & { openapi: NonNullable<Meta["openapi"]> };
  /** The procedure's input schema (merged object of the REST path, query and body). */
  input: z.ZodType | undefined;
}

type ProcedureLike = { _def: { meta?: Meta; inputs?: unknown[] } };

/** The procedures exposed as REST (those with an `openapi` meta), by path: read once from the router. */
export function openApiProcedures(): ReadonlyMap<string, OpenApiProcedure> {
  return processSingleton("api:procedures", () => {
    const out = new Map<string, OpenApiProcedure>();
    const all = appRouter._def.procedures as unknown as Record<string, ProcedureLike>;
    for (const [path, p] of Object.entries(all)) {
      const meta = p._def.meta;
      if (!meta?.openapi) continue;
      out.set(path, {
        path,
        meta: meta as OpenApiProcedure["meta"],
        input: p._def.inputs?.[0] as z.ZodType | undefined,
      });
    }
    return out;
  });
}
