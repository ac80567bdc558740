import { describe, expect, it } from "vitest";
import { api } from "../support/api";
import { signedInOrganiser } from "../support/organiser";

/** The runner's API: /me, /events grouped in each event's own timezone, organiser tokens, logout. */

const localToday = (timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );

async function organiserToken() {
  const org = await signedInOrganiser();
  const issued = await org.trpc<{ raw: string }>("account.issueToken", { label: "runner app" });
  return { org, token: issued.raw };
}

type Grouped = Record<"upcoming" | "current" | "past", Array<{ id: string; name: string; status: string }>>;

describe("GET /events", () => {
  it("groups by the event's own calendar day: the same date is current, upcoming or past by timezone", async () => {
    const { token } = await organiserToken();
    // Kiritimati (UTC+14) and Pago Pago (UTC−11) are 25 h apart: their calendar days never coincide.
    const ahead = localToday("Pacific/Kiritimati");
    const behind = localToday("Pacific/Pago_Pago");
    const make = async (name: string, date: string, timezone: string) => {
      const res = await api<{ event: { id: string } }>("POST", "/events", {
        token,
        body: { name, date, time: "09:00", timezone, is_public: true, start: { lat: 45, lon: 6 } },
      });
      expect(res.status, res.text).toBe(201);
      return res.body.event.id;
    };
    const current = await make("today there", ahead, "Pacific/Kiritimati");
    const upcoming = await make("tomorrow there", ahead, "Pacific/Pago_Pago");
    const past = await make("yesterday there", behind, "Pacific/Kiritimati");
    const res = await api<Grouped>("GET", "/events", { token });
    expect(res.status).toBe(200);
    expect(res.body.current.map((e) => e.id)).toEqual([current]);
    expect(res.body.upcoming.map((e) => e.id)).toEqual([upcoming]);
    expect(res.body.past.map((e) => e.id)).toEqual([past]);
    const one = await api("GET", `/events/${upcoming}`, { token });
    expect(one.body).toMatchObject({
      id: upcoming,
      date: ahead,
      time: "09:00",
      timezone: "Pacific/Pago_Pago",
      is_public: true,
      is_creator: true,
      status: "upcoming",
      start: { lat: 45, lon: 6 },
      destination: null,
      participants: [],
      registration: { open: false, cap: null, require_approval: false, taken: 0 },
    });
  });

  it("shows a participant token its own event only (others are 404), with its participants", async () => {
    const { token } = await organiserToken();
    const created = await api<{ event: { id: string } }>("POST", "/events", {
      token,
      body: {
        name: "open race",
        date: "2030-06-01",
        time: "10:00",
        is_public: true,
        start: { lat: 45, lon: 6 },
        registration_open: true,
      },
    });
    const eventId = created.body.event.id;
    const joined = await api<{ token: { raw: string } }>("POST", `/events/${eventId}/join`, {
      body: { name: "Ana" },
    });
    expect(joined.status).toBe(201);
    const mine = await api<Grouped>("GET", "/events", { token: joined.body.token.raw });
    expect(mine.body.upcoming.map((e) => e.id)).toEqual([eventId]);
    const event = await api("GET", `/events/${eventId}`, { token: joined.body.token.raw });
    expect(event.body).toMatchObject({
      is_creator: false,
      participants: [{ name: "Ana", status: "approved" }],
    });
    expect(JSON.stringify(event.body)).not.toContain("invite");
    const other = await api<{ event: { id: string } }>("POST", "/events", {
      token,
      body: { name: "other", date: "2030-06-01", time: "10:00", start: { lat: 45, lon: 6 } },
    });
    const hidden = await api("GET", `/events/${other.body.event.id}`, { token: joined.body.token.raw });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: "NOT_FOUND" });
    // Only organisers create events and invite.
    const refused = await api("POST", "/events", {
      token: joined.body.token.raw,
      body: { name: "mine", date: "2030-06-01", time: "10:00", start: { lat: 45, lon: 6 } },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "FORBIDDEN" });
  });

  it("invites through the API: the answer carries an absolute link that joins", async () => {
    const { token } = await organiserToken();
    const created = await api<{ event: { id: string } }>("POST", "/events", {
      token,
      body: { name: "private run", date: "2030-06-01", time: "10:00", start: { lat: 45, lon: 6 } },
    });
    const eventId = created.body.event.id;
    const invited = await api<{ invite_url: string; status: string }>(
      "POST",
      `/events/${eventId}/participants`,
      {
        token,
        body: { name: "Noa", bib: "12", email: "noa@example.org" },
      },
    );
    expect(invited.status, invited.text).toBe(201);
    expect(invited.body.status).toBe("invited");
    const code = new URL(invited.body.invite_url).pathname.replace("/join/", "");
    expect((await api("POST", `/invitations/${code}/join`)).status).toBe(201);
    const list = await api<{ participants: Array<{ status: string; joined_at: string | null }> }>(
      "GET",
      `/events/${eventId}/participants`,
      { token },
    );
    expect(list.body.participants).toHaveLength(1);
    expect(list.body.participants[0]).toMatchObject({ status: "approved", joined_at: expect.any(String) });
    const bad = await api("POST", `/events/${eventId}/participants`, {
      token,
      body: { name: "x", email: "nope" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("GET /me and POST /logout", () => {
  it("tells an organiser's token from an event's, then revokes the calling token", async () => {
    const { org, token } = await organiserToken();
    const me = await api("GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "organiser", level: "user", event_id: null, participant: null });
    expect(me.body.user).toMatchObject({ email: org.email });
    const { token: eventToken } = await org.createEvent();
    expect((await api("GET", "/me", { token: eventToken })).body).toMatchObject({ kind: "event" });
    // An organiser's token has no event: the track endpoints refuse it.
    expect((await api("GET", "/tracks", { token })).status).toBe(403);

    const out = await api("POST", "/logout", { token });
    expect(out.status).toBe(204);
    const after = await api("GET", "/me", { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await api("GET", "/me", { token: eventToken })).status).toBe(200);
  });

  it("documents the runner API in the OpenAPI document, joining without security", async () => {
    const doc = await api<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(
      "GET",
      "/openapi.json",
    );
    for (const path of [
      "/me",
      "/events",
      "/events/{id}",
      "/events/{id}/join",
      "/invitations/{code}/join",
      "/logout",
    ])
      expect(doc.body.paths, path).toHaveProperty([path]);
    expect(doc.body.paths["/events/{id}/join"]?.post?.security).toEqual([]);
    expect(doc.body.paths["/me"]?.get?.security?.length).toBe(2);
  });
});
