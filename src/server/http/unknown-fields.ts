import type { z } from "zod";

type Def = { type: string; innerType?: unknown; in?: unknown; element?: unknown; shape?: unknown };
type Node = { _zod: { def: Def } };

/** The zod type under its wrappers (optional, nullable, default, a pipe's input…): what the client writes. */
export function unwrapSchema(schema: z.ZodType): { def: Def } {
  let type = schema as unknown as Node;
  for (;;) {
    const def = type._zod.def;
    if (
      ["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(
        def.type,
      ) &&
      def.innerType
    ) {
      type = def.innerType as Node;
      continue;
    }
    if (def.type === "pipe" && def.in) {
      type = def.in as Node;
      continue;
    }
    return { def };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface UnknownField {
  path: Array<string | number>;
  message: string;
}

/**
 * The fields of a JSON body that its schema does not have, down through objects and arrays (a point's
 * `speed` as well as a track's `activity`): zod would drop them silently, and a client that misspells a field
 * or sends one we do not support would think it stored. Unions and records are not walked (their shape
 * depends on the value); at most `max` fields are reported.
 */
export function unknownFields(schema: z.ZodType, value: unknown, max = 10): UnknownField[] {
  const found: UnknownField[] = [];
  const walk = (node: z.ZodType, v: unknown, path: Array<string | number>) => {
    if (found.length >= max) return;
    const { def } = unwrapSchema(node);
    if (def.type === "object" && isPlainObject(v)) {
      const shape = def.shape as Record<string, z.ZodType>;
      for (const key of Object.keys(v)) {
        const field = shape[key];
        if (!field) {
          found.push({ path: [...path, key], message: `Unknown field "${key}"` });
          if (found.length >= max) return;
        } else if (typeof v[key] === "object" && v[key] !== null) walk(field, v[key], [...path, key]);
      }
    } else if (def.type === "array" && Array.isArray(v) && def.element) {
      const element = def.element as z.ZodType;
      const { def: elementDef } = unwrapSchema(element);
      if (elementDef.type !== "object" && elementDef.type !== "array") return;
      for (let i = 0; i < v.length && found.length < max; i++) walk(element, v[i], [...path, i]);
    }
  };
  walk(schema, value, []);
  return found;
}
