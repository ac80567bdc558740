/** How the reference page (/docs/api) writes a schema's rules: enum, range, lengths, format, default. */

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  default?: unknown;
};
const num = (n: number) => n.toLocaleString("en-US");

/** "0–100", "≥ 0", "> 0", "≤ 360": a range as a reader writes it; one side open reads as one bound. */
export function rangeText(s: Schema): string | null {
  const low =
    s.exclusiveMinimum !== undefined
      ? { n: s.exclusiveMinimum, strict: true }
      : s.minimum !== undefined
        ? { n: s.minimum, strict: false }
        : null;
  const high =
    s.exclusiveMaximum !== undefined
      ? { n: s.exclusiveMaximum, strict: true }
      : s.maximum !== undefined
        ? { n: s.maximum, strict: false }
        : null;
  if (low && high && !low.strict && !high.strict) return `${num(low.n)} to ${num(high.n)}`;
  const sides = [
    low ? `${low.strict ? ">" : "≥"} ${num(low.n)}` : null,
    high ? `${high.strict ? "<" : "≤"} ${num(high.n)}` : null,
  ].filter(Boolean);
  return sides.length ? sides.join(" and ") : null;
}

export function rule(s: Schema): string {
  const parts: string[] = [];
  if (s.enum) parts.push(s.enum.map(String).join(" | "));
  const range = rangeText(s);
  if (range) parts.push(range);
  if (s.maxLength !== undefined) parts.push(`${s.minLength ?? 0}–${s.maxLength} chars`);
  if (s.maxItems !== undefined) parts.push(`${s.minItems ?? 0}–${s.maxItems} items`);
  if (s.format) parts.push(s.format);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  if (s.description) parts.push(s.description);
  return parts.join("; ");
}
