import { describe, expect, it } from "vitest";
import { JsonText, jsonBody, jsonObject, orJsonText } from "./json-text";
import { ZListPointsResponse } from "./schemas/track";

const id = "4b7c3f0e-8a51-4c1e-9a3e-1f2d3c4b5a69";

describe("JsonText", () => {
  it("goes into a body verbatim, beside fields stringified as usual", () => {
    const points = new JsonText('[{"latitude":1e-07,"longitude":2}]');
    const body = jsonBody(jsonObject({ track_id: id, count: 1, points }));
    expect(body).toBe(`{"track_id":"${id}","count":1,"points":[{"latitude":1e-07,"longitude":2}]}`);
    expect(jsonBody({ a: [1] })).toBe('{"a":[1]}');
  });

  it("gives any other serializer its value", () => {
    expect(JSON.stringify({ result: { data: new JsonText('{"a":[1,null]}') } })).toBe(
      '{"result":{"data":{"a":[1,null]}}}',
    );
  });

  it("passes the output parser as it is, while any other value is still checked against the schema", async () => {
    const parser = orJsonText(ZListPointsResponse);
    const text = new JsonText("{}");
    expect(parser.parse(text)).toBe(text);
    expect(await parser.parseAsync(text)).toBe(text);
    const valid = { track_id: id, count: 0, points: [] };
    expect(parser.parse(valid)).toEqual(valid);
    expect(() => parser.parse({ track_id: id, count: "0", points: [] })).toThrow();
    await expect(parser.parseAsync({ track_id: "x", count: 0, points: [] })).rejects.toThrow();
  });
});
