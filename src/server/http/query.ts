import type { z } from "zod";
import { AppError } from "~/server/errors";
import { unwrapSchema } from "./unknown-fields";

type Kind = "number" | "boolean" | "array" | "other";

/** What a query parameter must look like, from the zod type of its input field. */
function kindOf(schema: z.ZodType): Kind {
  const { type } = unwrapSchema(schema).def;
  if (type === "number" || type === "int" || type === "bigint") return "number";
  if (type === "boolean") return "boolean";
  if (type === "array") return "array";
  return "other";
}

const DECIMAL = /^-?(?:\d+|\d*\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A GET request's query as the procedure's input: every parameter must be a field of the input (an unknown one
 * is a 400, never silently ignored), appear once (unless it is a list), and numbers and booleans must be
 * written as such ("12", "true") — "0x2A", "" or "1e999" are not numbers. Strings stay strings.
 */
export function queryInput(
  schema: z.ZodType | undefined,
  search: URLSearchParams,
  aliases: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape ?? {};
  const out: Record<string, unknown> = {};
  const problems: Array<{ path: string[]; message: string }> = [];
  const given = new Set(search.keys());
  for (const name of given) {
    const key = aliases[name] ?? name;
    if (key !== name && given.has(key)) {
      problems.push({ path: [name], message: `"${name}" is another name for "${key}": send one of them` });
      continue;
    }
    const field = shape[key];
    const values = search.getAll(name);
    if (!field) {
      problems.push({ path: [name], message: `Unknown query parameter "${name}"` });
      continue;
    }
    const kind = kindOf(field);
    if (kind === "array") {
      out[key] = values;
      continue;
    }
    if (values.length > 1) {
      problems.push({ path: [name], message: `"${name}" is given ${values.length} times` });
      continue;
    }
    const raw = values[0] ?? "";
    if (kind === "number") {
      const value = Number(raw);
      if (!DECIMAL.test(raw.trim()) || !Number.isFinite(value))
        problems.push({ path: [name], message: `"${name}" must be a number, got "${raw.slice(0, 40)}"` });
      else out[key] = value;
    } else if (kind === "boolean") {
      if (raw !== "true" && raw !== "false")
        problems.push({
          path: [name],
          message: `"${name}" must be true or false, got "${raw.slice(0, 40)}"`,
        });
      else out[key] = raw === "true";
    } else out[key] = raw;
  }
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "), { issues: problems });
  }
  return out;
}
