import type { Metadata } from "next";
import { openApiDocument } from "~/server/api/openapi";
import { rule, type Schema } from "./rules";

export const metadata: Metadata = { title: "Runify API reference" };
export const dynamic = "force-dynamic";

type Operation = {
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; description?: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
  security?: Array<Record<string, string[]>>;
};

/** The scope an operation's security requirement names (the same for both schemes). */
const scopeOf = (op: Operation) => Object.values(op.security?.[0] ?? {})[0]?.[0];

function Fields({ schema, prefix = "" }: { schema: Schema; prefix?: string }) {
  const rows = Object.entries(schema.properties ?? {}).flatMap(([name, s]) => {
    const full = `${prefix}${name}`;
    const type = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "");
    const row = (
      <tr key={full}>
        <td>
          <code>{full}</code>
        </td>
        <td>{type}</td>
        <td>{schema.required?.includes(name) ? "yes" : "no"}</td>
        <td>{rule(s)}</td>
      </tr>
    );
    const nested = s.type === "array" && s.items?.properties ? s.items : s.properties ? s : null;
    return nested
      ? [
          row,
          <Fields key={`${full}.`} schema={nested} prefix={`${full}${s.type === "array" ? "[]." : "."}`} />,
        ]
      : [row];
  });
  return <>{rows}</>;
}

export default function ApiReference() {
  const doc = openApiDocument("/api");
  const paths = Object.entries(doc.paths ?? {}) as Array<[string, Record<string, Operation>]>;
  return (
    <main className="api-ref">
      <h1>Runify REST API</h1>
      <p>
        Base URL <code>&lt;origin&gt;/api</code>. Authenticate every request with{" "}
        <code>X-API-Key: &lt;token&gt;</code> (or <code>Authorization: Bearer &lt;token&gt;</code>). JSON in,
        JSON out; errors are <code>{'{"code", "message", "issues"}'}</code>. Machine-readable:{" "}
        <a href="/api/openapi.json">openapi.json</a>.
      </p>
      {paths.flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => {
          const body = op.requestBody?.content?.["application/json"]?.schema;
          const params = (op.parameters ?? []).filter((p) => p.in !== "path");
          return (
            <section key={`${method} ${path}`} id={`${method}-${path}`}>
              <h2>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h2>
              {op.summary && <p>{op.summary}</p>}
              {scopeOf(op) && (
                <p data-testid="scope">
                  Token scope: <code>{scopeOf(op)}</code>
                </p>
              )}
              {op.description?.replace(/^Scope: `[^`]+`\.\s*/, "") && (
                <p>{op.description.replace(/^Scope: `[^`]+`\.\s*/, "")}</p>
              )}
              {params.length > 0 && (
                // Each table scrolls in its own frame on a phone; the page never scrolls sideways.
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>query</th>
                        <th>type</th>
                        <th>required</th>
                        <th>rule</th>
                      </tr>
                    </thead>
                    <tbody>
                      {params.map((p) => (
                        <tr key={p.name}>
                          <td>
                            <code>{p.name}</code>
                          </td>
                          <td>{String(p.schema?.type ?? "")}</td>
                          <td>{p.required ? "yes" : "no"}</td>
                          <td>{p.schema ? rule(p.schema) : ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {body?.properties && (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>body field</th>
                        <th>type</th>
                        <th>required</th>
                        <th>rule</th>
                      </tr>
                    </thead>
                    <tbody>
                      <Fields schema={body} />
                    </tbody>
                  </table>
                </div>
              )}
              <ul>
                {Object.entries(op.responses ?? {}).map(([status, r]) => (
                  <li key={status}>
                    <strong>{status}</strong> {r.description}
                  </li>
                ))}
              </ul>
            </section>
          );
        }),
      )}
    </main>
  );
}
