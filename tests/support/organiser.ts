import { randomUUID } from "node:crypto";
import { inject } from "vitest";

export interface Organiser {
  id: string;
  email: string;
  password: string;
  /** The next-auth session cookie ("name=value"). */
  cookie: string;
  /** A dashboard tRPC mutation with the session cookie; resolves to its data, throws on an error answer. */
  trpc<T = unknown>(path: string, input: unknown): Promise<T>;
  /** A dashboard tRPC query (GET). */
  query<T = unknown>(path: string, input: unknown): Promise<T>;
  /** Creates an event owned by this organiser; returns its id and first API token. */
  createEvent(opts?: { isPublic?: boolean; name?: string }): Promise<{ eventId: string; token: string }>;
}

/**
 * Signs in through next-auth's credentials flow, as the dashboard does: the session cookie ("name=value"),
 * or the error next-auth reported (CredentialsSignin, AccountDisabled…).
 */
export async function signIn(
  email: string,
  password: string,
  base = inject("baseUrl"),
): Promise<{ cookie: string } | { error: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("next-auth.session-token="));
  if (cookie) return { cookie };
  const location = signedIn.headers.get("location") ?? (await signedIn.text());
  return { error: /error=([\w%:.-]+)/.exec(location)?.[1] ?? `status ${signedIn.status}` };
}

/** A new organiser account, signed in through next-auth's credentials flow, as the dashboard does. */
export async function signedInOrganiser(base = inject("baseUrl")): Promise<Organiser> {
  const email = `organiser-${randomUUID()}@example.org`;
  const password = "a long enough password";
  const call = async <T>(path: string, input: unknown, cookie: string, method = "POST"): Promise<T> => {
    const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
    const res = await fetch(`${base}/api/trpc/${path}${query}`, {
      method,
      headers: { "Content-Type": "application/json", cookie },
      body: method === "GET" ? undefined : JSON.stringify(input),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
    return (JSON.parse(text) as { result: { data: T } }).result.data;
  };
  const { id } = await call<{ id: string }>("account.signUp", { email, password, name: "Org" }, "");
  const signedIn = await signIn(email, password, base);
  if (!("cookie" in signedIn)) throw new Error(`no session cookie: ${signedIn.error}`);
  const cookie = signedIn.cookie;
  const trpc = <T>(path: string, input: unknown) => call<T>(path, input, cookie);
  return {
    id,
    email,
    password,
    cookie,
    trpc,
    query: <T>(path: string, input: unknown) => call<T>(path, input, cookie, "GET"),
    async createEvent(opts = {}) {
      const created = await trpc<{ event: { id: string }; token: { raw: string } }>("event.create", {
        name: opts.name ?? `event-${randomUUID()}`,
        date: "2026-12-01",
        time: "08:00",
        timezone: "Europe/Paris",
        is_public: opts.isPublic ?? false,
        start: { lat: 45, lon: 6 },
      });
      return { eventId: created.event.id, token: created.token.raw };
    },
  };
}
