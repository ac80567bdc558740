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

/** What the walk needs of a schema node, computed once per node (a 50,000-point batch walks one node 50,000 times). */
interface Plan {
  shape: Record<string, z.ZodType> | null;
  element: z.ZodType | null;
}
const plans = new WeakMap<object, Plan>();
function planOf(node: z.ZodType): Plan {
  let plan = plans.get(node);
  if (!plan) {
    const { def } = unwrapSchema(node);
    let element: z.ZodType | null = null;
    if (def.type === "array" && def.element) {
      const elementType = unwrapSchema(def.element as z.ZodType).def.type;
      // Arrays of plain values have no fields to check: not walked.
      if (elementType === "object" || elementType === "array") element = def.element as z.ZodType;
    }
    plan = { shape: def.type === "object" ? (def.shape as Record<string, z.ZodType>) : null, element };
    plans.set(node, plan);
  }
  return plan;
}

/** A path as a chain of parents, made into an array only for a field reported. */
type PathLink = { parent: PathLink | null; key: string | number } | null;
const toPath = (link: PathLink): Array<string | number> => {
  const path: Array<string | number> = [];
  for (let l = link; l; l = l.parent) path.unshift(l.key);
  return path;
};

/**
 * The fields of a JSON body that its schema does not have, down through objects and arrays (a point's
 * `speed` as well as a track's `activity`): zod would drop them silently, and a client that misspells a field
 * or sends one we do not support would think it stored. Unions and records are not walked (their shape
 * depends on the value); at most `max` fields are reported. O(keys of the body), without allocating per value.
 */
export function unknownFields(schema: z.ZodType, value: unknown, max = 10): UnknownField[] {
  const found: UnknownField[] = [];
  const walk = (node: z.ZodType, v: unknown, path: PathLink) => {
    const plan = planOf(node);
    if (plan.shape && isPlainObject(v)) {
      const shape = plan.shape;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        const field = shape[key];
        const child = v[key];
        if (!field) {
          found.push({ path: toPath({ parent: path, key }), message: `Unknown field "${key}"` });
          if (found.length >= max) return;
        } else if (typeof child === "object" && child !== null) {
          walk(field, child, { parent: path, key });
          if (found.length >= max) return;
        }
      }
    } else if (plan.element && Array.isArray(v)) {
      const element = plan.element;
      for (let i = 0; i < v.length && found.length < max; i++) walk(element, v[i], { parent: path, key: i });
    }
  };
  walk(schema, value, null);
  return found;
}
