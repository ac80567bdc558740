/**
 * Shortest text that reads back as the same number, never in exponent notation (xsd:decimal and
 * most CSV consumers reject "1e-7"). Only tiny values (below 1e-6) are rounded, to 1e-15.
 */
export function formatDecimal(value: number): string {
  const text = String(value);
  if (!text.includes("e")) return text;
  return value.toFixed(15).replace(/\.?0+$/, "");
}

/** A finite number or undefined: `null`, `undefined` and NaN all mean "no value" in our inputs. */
export function finiteOrUndefined(value: number | null | undefined): number | undefined {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : undefined;
}
