import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { api } from "../support/api";
import { type Organiser, signedInOrganiser, signIn } from "../support/organiser";

/**
 * Organiser accounts over HTTP: changing the password, signing out everywhere, and the instance
 * administrators' management of the others (suspend, enable, promote, demote).
 */

/** A dashboard tRPC call with a session cookie, answered as is (status, our error code). */
async function trpc(cookie: string, path: string, input: unknown, method: "GET" | "POST" = "POST") {
  const base = inject("baseUrl");
  const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const res = await fetch(`${base}/api/trpc/${path}${query}`, {
    method,
    headers: { "Content-Type": "application/json", cookie },
    body: method === "GET" ? undefined : JSON.stringify(input),
  });
  const body = (await res.json()) as {
    result?: { data: unknown };
    error?: { message: string; data: { appCode: string } };
  };
  return { status: res.status, code: body.error?.data.appCode ?? null, data: body.result?.data, body };
}

const listEvents = (cookie: string) => trpc(cookie, "event.list", {}, "GET");

async function cookieOf(email: string, password: string) {
  const result = await signIn(email, password);
  if (!("cookie" in result)) throw new Error(`sign-in refused: ${result.error}`);
  return result.cookie;
}

function setAdmin(email: string, admin: boolean) {
  return executeAdminCommand({ op: "admin", email, admin }, dbConfigFrom(inject("databaseUrl")));
}

async function organiserToken(org: Organiser) {
  return (await org.trpc<{ raw: string }>("account.issueToken", { label: "runner" })).raw;
}

describe("change password", () => {
  it("needs the current password and the sign-up length, then refuses every older session", async () => {
    const org = await signedInOrganiser();
    const other = await cookieOf(org.email, org.password);
    const wrong = await trpc(org.cookie, "account.changePassword", {
      current_password: "not my password",
      new_password: "a brand new password",
    });
    expect(wrong).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(wrong.body.error?.message).toBe("The current password is wrong");
    const short = await trpc(org.cookie, "account.changePassword", {
      current_password: org.password,
      new_password: "short",
    });
    expect(short).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(JSON.stringify(short.body)).toContain("new_password");
    // Neither attempt changed anything: both sessions stand, the old password signs in.
    expect((await listEvents(other)).status).toBe(200);

    const changed = await trpc(org.cookie, "account.changePassword", {
      current_password: org.password,
      new_password: "a brand new password",
    });
    expect(changed.status).toBe(200);
    for (const cookie of [org.cookie, other]) {
      expect(await listEvents(cookie)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    }
    expect(await signIn(org.email, org.password)).toEqual({ error: "CredentialsSignin" });
    const fresh = await cookieOf(org.email, "a brand new password");
    expect((await listEvents(fresh)).status).toBe(200);
  });
});

describe("sign out everywhere", () => {
  it("refuses every session signed in before, in the API and the pages; tokens and new sign-ins work", async () => {
    const org = await signedInOrganiser();
    const token = await organiserToken(org);
    const second = await cookieOf(org.email, org.password);
    const base = inject("baseUrl");
    const page = (cookie: string) => fetch(`${base}/events`, { headers: { cookie }, redirect: "manual" });
    expect((await page(second)).status).toBe(200);
    const rest = () => api("GET", "/tracks", { headers: { cookie: org.cookie } });
    expect((await rest()).status).not.toBe(401);

    expect((await trpc(org.cookie, "account.signOutEverywhere", {})).status).toBe(200);
    for (const cookie of [org.cookie, second]) {
      expect(await listEvents(cookie)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
      const refused = await page(cookie);
      expect(refused.status).toBe(307);
      expect(refused.headers.get("location")).toContain("/signin");
    }
    // A REST call that accepts the dashboard's session is refused the same way.
    expect((await rest()).status).toBe(401);
    // API tokens are not sessions: they stay valid (revoked one by one, or by POST /logout).
    expect((await api("GET", "/me", { token })).status).toBe(200);
    const again = await cookieOf(org.email, org.password);
    expect((await listEvents(again)).status).toBe(200);
    expect((await page(again)).status).toBe(200);
  });
});

describe("instance administrators", () => {
  it("an admin lists the organisers; GET /me says admin; others get 403", async () => {
    const [admin, org] = [await signedInOrganiser(), await signedInOrganiser()];
    await setAdmin(admin.email, true);
    await org.createEvent();
    const [adminToken, orgToken] = [await organiserToken(admin), await organiserToken(org)];
    expect((await api("GET", "/me", { token: adminToken })).body).toMatchObject({ level: "admin" });
    expect((await api("GET", "/me", { token: orgToken })).body).toMatchObject({ level: "user" });
    expect(await trpc(org.cookie, "admin.organisers", {}, "GET")).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
    });
    expect(await trpc(org.cookie, "admin.setAdmin", { id: org.id, admin: true })).toMatchObject({
      status: 403,
    });

    const listed = await trpc(admin.cookie, "admin.organisers", {}, "GET");
    expect(listed.status).toBe(200);
    const rows = (listed.data as { organisers: Array<Record<string, unknown>> }).organisers;
    const row = rows.find((r) => r.email === org.email);
    expect(row).toMatchObject({ id: org.id, is_admin: false, disabled_at: null, events_count: 1 });
    expect(Date.parse(String(row?.last_sign_in_at))).toBeGreaterThan(Date.now() - 120_000);
    expect(rows.find((r) => r.email === admin.email)).toMatchObject({ is_admin: true, events_count: 0 });

    // The promotion shows at once, in /me and on the promoted organiser's own session.
    expect((await trpc(admin.cookie, "admin.setAdmin", { id: org.id, admin: true })).status).toBe(200);
    expect((await api("GET", "/me", { token: orgToken })).body).toMatchObject({ level: "admin" });
    expect((await trpc(org.cookie, "admin.organisers", {}, "GET")).status).toBe(200);
    expect((await trpc(admin.cookie, "admin.setAdmin", { id: org.id, admin: false })).status).toBe(200);
    expect((await api("GET", "/me", { token: orgToken })).body).toMatchObject({ level: "user" });
  });

  it("a disabled organiser cannot sign in, and its sessions and tokens (its events' too) are 401", async () => {
    const [admin, org] = [await signedInOrganiser(), await signedInOrganiser()];
    await setAdmin(admin.email, true);
    const { eventId, token: eventToken } = await org.createEvent({ isPublic: true });
    const orgToken = await organiserToken(org);
    const invited = await api<{ invite_url: string }>("POST", `/events/${eventId}/participants`, {
      token: orgToken,
      body: { name: "Runner" },
    });
    expect(invited.status, invited.text).toBe(201);
    const code = invited.body.invite_url.split("/").pop();
    const joined = await api<{ token: { raw: string } }>("POST", `/invitations/${code}/join`);
    const participantToken = joined.body.token.raw;
    const tokens = [eventToken, orgToken, participantToken];
    for (const token of tokens) expect((await api("GET", "/me", { token })).status).toBe(200);

    expect(await trpc(admin.cookie, "admin.setDisabled", { id: admin.id, disabled: true })).toMatchObject({
      status: 403,
    });
    expect((await trpc(admin.cookie, "admin.setDisabled", { id: org.id, disabled: true })).status).toBe(200);
    expect(await listEvents(org.cookie)).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    for (const token of tokens) {
      const refused = await api("GET", "/me", { token });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({
        code: "UNAUTHORIZED",
        message: "This API token's organiser account is disabled",
      });
    }
    const write = await api("POST", "/tracks", { token: eventToken, body: { device_track_id: "d1" } });
    expect(write.status).toBe(401);
    expect(await signIn(org.email, org.password)).toEqual({ error: "AccountDisabled" });
    const listed = await trpc(admin.cookie, "admin.organisers", {}, "GET");
    const rows = (listed.data as { organisers: Array<{ email: string; disabled_at: string | null }> })
      .organisers;
    expect(rows.find((r) => r.email === org.email)?.disabled_at).toEqual(expect.any(String));

    // Enabled again: the tokens work, the old session stays signed out, a new sign-in works.
    expect((await trpc(admin.cookie, "admin.setDisabled", { id: org.id, disabled: false })).status).toBe(200);
    for (const token of tokens) expect((await api("GET", "/me", { token })).status).toBe(200);
    expect((await listEvents(org.cookie)).status).toBe(401);
    expect((await listEvents(await cookieOf(org.email, org.password))).status).toBe(200);
  });

  it("never demotes the last administrator, even when two demote each other at once", async () => {
    const [a, b] = [await signedInOrganiser(), await signedInOrganiser()];
    await setAdmin(a.email, true);
    await setAdmin(b.email, true);
    // Leave a and b the only administrators of the test instance.
    const listed = await trpc(a.cookie, "admin.organisers", {}, "GET");
    const others = (
      listed.data as { organisers: Array<{ id: string; is_admin: boolean }> }
    ).organisers.filter((o) => o.is_admin && o.id !== a.id && o.id !== b.id);
    for (const o of others) await trpc(a.cookie, "admin.setAdmin", { id: o.id, admin: false });

    const crossed = await Promise.all([
      trpc(a.cookie, "admin.setAdmin", { id: b.id, admin: false }),
      trpc(b.cookie, "admin.setAdmin", { id: a.id, admin: false }),
    ]);
    expect(crossed.map((r) => r.status).sort()).toEqual([200, 403]);
    const last = crossed[0].status === 200 ? a : b;
    const self = await trpc(last.cookie, "admin.setAdmin", { id: last.id, admin: false });
    expect(self).toMatchObject({ status: 409, code: "CONFLICT" });
    expect(self.body.error?.message).toContain("last administrator");
    await expect(setAdmin(last.email, false)).rejects.toThrow(/last administrator/);
    // The operator's command line promotes (and, with another admin, demotes) the same way.
    await setAdmin(a.email, true);
    await setAdmin(b.email, true);
    expect(await setAdmin(last.email, false)).toEqual({ email: last.email, admin: false });
  });
});
