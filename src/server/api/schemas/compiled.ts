import type { z } from "zod";

/**
 * A zod schema's accept-side compiled once into plain closures, for the shapes parsed 10,000–50,000 times a
 * request (a point). zod's own parse allocates a payload and an issue list per field and copies each object:
 * ≈ 2 µs a point and much of the batch path's garbage. The compiled check answers only "zod would accept this
 * and give back an equal value"; anything else (an error, a doubtful case, a value zod would change) goes to
 * zod's parse, so the errors, their messages and every edge case stay zod's. It reads the rules from the
 * schema's definition, so the zod schema stays the one source for tRPC, REST and the OpenAPI document.
 */
export type Check = (value: unknown) => boolean;

type Def = {
  type: string;
  checks?: ReadonlyArray<{ _zod: { def: CheckDef } }>;
  coerce?: boolean;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  check?: string;
  format?: string;
  pattern?: RegExp;
};
type CheckDef = {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  fn?: (value: unknown) => unknown;
  when?: unknown;
};
type Internals = { def: Def; values?: ReadonlySet<unknown>; optin?: string; optout?: string };
const internals = (schema: z.ZodType) => (schema as unknown as { _zod: Internals })._zod;

/** Formats whose only rule is their pattern (zod's $ZodStringFormat with `def.pattern`). */
const PATTERN_FORMATS = new Set(["datetime", "date", "regex"]);

const all =
  (checks: readonly Check[]): Check =>
  (v) => {
    for (const c of checks) if (!c(v)) return false;
    return true;
  };

/** One of a schema's checks, for a value of its type; null when it is not one this file knows. */
function compileRule(rule: CheckDef, kind: "number" | "string" | "array"): Check | null {
  switch (rule.check) {
    case "greater_than": {
      const { value: min, inclusive } = rule;
      if (kind !== "number" || typeof min !== "number") return null;
      return inclusive ? (v) => (v as number) >= min : (v) => (v as number) > min;
    }
    case "less_than": {
      const { value: max, inclusive } = rule;
      if (kind !== "number" || typeof max !== "number") return null;
      return inclusive ? (v) => (v as number) <= max : (v) => (v as number) < max;
    }
    case "max_length": {
      const max = rule.maximum;
      if (kind === "number" || typeof max !== "number") return null;
      // zod counts a string in code points, never more than its UTF-16 units: within `max` units is within.
      return (v) => (v as { length: number }).length <= max;
    }
    case "min_length": {
      const min = rule.minimum;
      if (kind === "number" || typeof min !== "number") return null;
      // A code point is at most two units: a string of 2·min units has min code points at least.
      if (kind === "string") return (v) => (v as string).length >= 2 * min;
      return (v) => (v as unknown[]).length >= min;
    }
    case "custom": {
      // A refine: its own function, as zod calls it (a promise, i.e. an async refine, is left to zod).
      const fn = rule.fn;
      if (typeof fn !== "function" || rule.when !== undefined) return null;
      return (v) => {
        const r = fn(v);
        return !!r && !(r instanceof Promise);
      };
    }
    default:
      return null;
  }
}

function compileRules(def: Def, kind: "number" | "string" | "array"): Check[] | null {
  const out: Check[] = [];
  for (const ch of def.checks ?? []) {
    const rule = compileRule(ch._zod.def, kind);
    if (!rule) return null;
    out.push(rule);
  }
  return out;
}

function compileObject(def: Def): Check | null {
  if (def.catchall !== undefined || !def.shape) return null;
  const keys = Object.keys(def.shape);
  const known = new Set(keys);
  const fields: Check[] = [];
  for (const key of keys) {
    const field = def.shape[key];
    const check = field ? compileNode(field) : null;
    if (!check) return null;
    fields.push(check);
  }
  const rules = compileRules(def, "array");
  if (!rules || rules.length > 0) return null;
  return (v) => {
    if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const o = v as Record<string, unknown>;
    // A key the shape lacks: zod would drop it (a different value), the REST edge refuses it.
    for (const key in o) if (!known.has(key)) return false;
    // An absent optional key reads undefined, as zod's optional accepts; a required one fails its type.
    for (let i = 0; i < keys.length; i++) if (!(fields[i] as Check)(o[keys[i] as string])) return false;
    return true;
  };
}

/** The check of one schema node, or null when it holds a construct this file does not compile. */
export function compileNode(schema: z.ZodType): Check | null {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce) return null;
  switch (def.type) {
    case "number": {
      const rules = compileRules(def, "number");
      if (!rules) return null;
      const ok = all(rules);
      return (v) => typeof v === "number" && Number.isFinite(v) && ok(v);
    }
    case "string": {
      const rules = compileRules(def, "string");
      if (!rules) return null;
      if (def.check !== undefined) {
        // A string format (z.iso.datetime()…): the schema is itself its first check.
        if (def.check !== "string_format" || !PATTERN_FORMATS.has(def.format ?? "") || !def.pattern)
          return null;
        const pattern = def.pattern;
        rules.unshift((v) => {
          pattern.lastIndex = 0;
          return pattern.test(v as string);
        });
      }
      const ok = all(rules);
      return (v) => typeof v === "string" && ok(v);
    }
    case "boolean":
      return def.checks?.length ? null : (v) => typeof v === "boolean";
    case "enum":
    case "literal": {
      const values = zod.values;
      if (!values || def.checks?.length) return null;
      return (v) => values.has(v);
    }
    case "optional":
    case "nullable": {
      const inner = def.innerType ? compileNode(def.innerType) : null;
      if (!inner || def.checks?.length) return null;
      return def.type === "optional" ? (v) => v === undefined || inner(v) : (v) => v === null || inner(v);
    }
    case "array": {
      const element = def.element ? compileNode(def.element) : null;
      const rules = compileRules(def, "array");
      if (!element || !rules) return null;
      const ok = all(rules);
      return (v) => {
        if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || !ok(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case "object":
      return compileObject(def);
    default:
      return null;
  }
}

type Payload = { value: unknown; issues: unknown[] };
type RunContext = { direction?: string; skipChecks?: boolean } | undefined;

/**
 * The same schema, whose parse first asks its compiled check: accepted, the value is returned as it came (zod
 * would return an equal copy); otherwise zod parses it as before. Installed on this instance only (a schema
 * derived from it with .extend, .optional… is plain zod again). Throws when the schema has a construct the
 * compiler does not know, so a schema that would silently stay slow fails at start and in its tests.
 */
export function compiled<T extends z.ZodType>(schema: T): T {
  const check = compileNode(schema);
  if (!check) throw new Error("compiled(): the schema has a construct compileNode does not know");
  const zod = (schema as unknown as { _zod: { run: (p: Payload, ctx: RunContext) => unknown } })._zod;
  const run = zod.run;
  zod.run = (payload, ctx) =>
    ctx?.direction !== "backward" && !ctx?.skipChecks && check(payload.value) ? payload : run(payload, ctx);
  return schema;
}
