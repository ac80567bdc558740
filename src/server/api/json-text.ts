import type { z } from "zod";

/**
 * JSON text written elsewhere (the database writes a page of points as one string), to go into the response
 * body as it is: parsing 50,000 points only to stringify them again was most of a large read's cost.
 */
export class JsonText {
  constructor(readonly text: string) {}

  /** What any other serializer gets (tRPC's HTTP envelope): the value itself, at JSON.parse's cost. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** A REST answer's body: JSON text as it is, any other value through JSON.stringify. */
export const jsonBody = (value: unknown): string =>
  value instanceof JsonText ? value.text : JSON.stringify(value);

/** An object's JSON text where some fields are JSON text already (a page of points beside its count). */
export function jsonObject(fields: Readonly<Record<string, unknown>>): JsonText {
  const parts = Object.entries(fields).map(([key, value]) => `${JSON.stringify(key)}:${jsonBody(value)}`);
  return new JsonText(`{${parts.join(",")}}`);
}

/**
 * The output parser of a procedure that answers JsonText: `schema` still documents the answer (the OpenAPI
 * document reads it from the procedure) and still checks any other value, but JsonText passes unparsed, as
 * the point of it is not to parse it; the API tests check those bodies against `schema`.
 */
export function orJsonText<S extends z.ZodType>(schema: S): z.ZodType<z.output<S> | JsonText> {
  const parser = schema.clone();
  const parse = parser.parse.bind(parser);
  const parseAsync = parser.parseAsync.bind(parser);
  // tRPC validates an output with parse (parseAsync when a schema has async checks).
  return Object.assign(parser, {
    parse: (value: unknown, params?: Parameters<S["parse"]>[1]) =>
      value instanceof JsonText ? value : parse(value, params),
    parseAsync: async (value: unknown, params?: Parameters<S["parse"]>[1]) =>
      value instanceof JsonText ? value : parseAsync(value, params),
  }) as unknown as z.ZodType<z.output<S> | JsonText>;
}
